//! Tests of the `url_absolute` exercise (filter `url_absolute::`): each calls the
//! learner's code, so each fails on the untouched stub.

use chapter_01::exercises::url_absolute::{absolute, remove_dot_segments};

#[test]
fn removes_dot_segments_as_rfc_3986_shows() {
    // RFC 3986 §5.2.4's two worked examples.
    assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
    assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
    assert_eq!(remove_dot_segments("/.."), "/");
    assert_eq!(remove_dot_segments(""), "");
}

#[test]
fn resolves_every_normal_example_of_rfc_3986() {
    for (rel, want) in crate::common::RFC3986_NORMAL {
        assert_eq!(
            absolute(crate::common::RFC3986_BASE, rel),
            *want,
            "reference {rel:?}"
        );
    }
}

#[test]
fn resolves_every_abnormal_example_of_rfc_3986() {
    for (rel, want) in crate::common::RFC3986_ABNORMAL {
        assert_eq!(
            absolute(crate::common::RFC3986_BASE, rel),
            *want,
            "reference {rel:?}"
        );
    }
}

#[test]
fn handles_a_base_without_a_path() {
    assert_eq!(absolute("http://a", "g"), "http://a/g");
    assert_eq!(absolute("http://a?q", ""), "http://a?q");
}
