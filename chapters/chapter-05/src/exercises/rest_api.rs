//! Exercise: a small REST API (000's "implement a simple RESTful API").
//!
//! Items are `{"id": N, "name": "..."}` kept in memory; ids start at 1 and
//! are never reused. Answer (status, body):
//! - `GET /items`: 200, a JSON array of all items in creation order.
//! - `POST /items` with `{"name": "..."}`: 201 and the new item; a body that
//!   is not such JSON: 400 (with any JSON error body).
//! - `GET /items/N`: 200 and the item, or 404.
//! - `DELETE /items/N`: 204 with an empty body, or 404.
//! - Another method on `/items` or `/items/N`: 405; any other path: 404.
//! - Ignore a `?query`.

/// The items, in memory.
#[derive(Debug, Default)]
pub struct Items {
    // TODO: your fields (the next id, the items).
}

impl Items {
    /// No items; the first gets id 1.
    pub fn new() -> Self {
        todo!("an empty collection")
    }

    /// Answers one request: (status, JSON body or empty).
    pub fn handle(&mut self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        // TODO: the answers the module documentation lists.
        let _ = (method, path, body);
        todo!("answer the request")
    }
}
