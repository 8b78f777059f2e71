use chapter_05::exercises::redirects::{Next, RedirectError, next_step};

fn follow(url: &str, method: &str) -> Next {
    Next::Follow {
        url: url.into(),
        method: method.into(),
    }
}

#[test]
fn resolves_every_kind_of_location() {
    let base = "http://h:8080/a/b/c?q=1";
    for (location, want) in [
        ("http://other/x", "http://other/x"),
        ("//other:81/y", "http://other:81/y"),
        ("/root", "http://h:8080/root"),
        ("d", "http://h:8080/a/b/d"),
        ("d?e=2#frag", "http://h:8080/a/b/d?e=2"),
    ] {
        expect_eq!(
            next_step(base, "GET", 302, Some(location), 0, 5),
            Ok(follow(want, "GET")),
            "{location}"
        );
    }
    expect_eq!(
        next_step("http://h", "GET", 301, Some("x"), 0, 5),
        Ok(follow("http://h/x", "GET"))
    );
}

#[test]
fn changes_the_method_as_browsers_do() {
    let step = |status, method| next_step("http://h/", method, status, Some("/n"), 0, 5);
    expect_eq!(step(303, "POST"), Ok(follow("http://h/n", "GET")));
    expect_eq!(step(303, "HEAD"), Ok(follow("http://h/n", "HEAD")));
    expect_eq!(step(302, "POST"), Ok(follow("http://h/n", "GET")));
    expect_eq!(step(301, "POST"), Ok(follow("http://h/n", "GET")));
    expect_eq!(step(307, "POST"), Ok(follow("http://h/n", "POST")));
    expect_eq!(step(308, "PUT"), Ok(follow("http://h/n", "PUT")));
}

#[test]
fn stops_at_answers_and_at_the_limit() {
    expect_eq!(
        next_step("http://h/", "GET", 200, Some("/x"), 0, 5),
        Ok(Next::Done)
    );
    expect_eq!(
        next_step("http://h/", "GET", 304, Some("/x"), 0, 5),
        Ok(Next::Done)
    );
    expect_eq!(
        next_step("http://h/", "GET", 302, None, 0, 5),
        Ok(Next::Done)
    );
    expect_eq!(
        next_step("http://h/", "GET", 302, Some("/x"), 5, 5),
        Err(RedirectError::TooMany)
    );
    expect_eq!(
        next_step("http://h/", "GET", 302, Some("/x"), 4, 5),
        Ok(follow("http://h/x", "GET"))
    );
}
