//! Exercise: a small REST API.
//!
//! Reference solution. See the stub in chapters/chapter-05/src/exercises/ for the task.

use serde_json::{Value, json};

/// The items, in memory.
#[derive(Debug, Default)]
pub struct Items {
    next_id: u64,
    items: Vec<(u64, String)>,
}

impl Items {
    /// No items; the first gets id 1.
    pub fn new() -> Self {
        Items::default()
    }

    /// Answers one request: (status, JSON body or empty).
    pub fn handle(&mut self, method: &str, path: &str, body: &[u8]) -> (u16, String) {
        let path = path.split('?').next().unwrap_or(path);
        let id = path.strip_prefix("/items/").map(|s| s.parse::<u64>());
        match (method, path, id) {
            ("GET", "/items", _) => {
                let list: Vec<Value> = self
                    .items
                    .iter()
                    .map(|(id, name)| json!({"id": id, "name": name}))
                    .collect();
                (200, Value::Array(list).to_string())
            }
            ("POST", "/items", _) => self.create(body),
            (_, "/items", _) => (405, String::new()),
            (_, _, Some(Err(_))) | (_, _, None) => (404, String::new()),
            ("GET", _, Some(Ok(id))) => match self.items.iter().find(|(i, _)| *i == id) {
                Some((id, name)) => (200, json!({"id": id, "name": name}).to_string()),
                None => (404, String::new()),
            },
            ("DELETE", _, Some(Ok(id))) => match self.items.iter().position(|(i, _)| *i == id) {
                Some(at) => {
                    self.items.remove(at);
                    (204, String::new())
                }
                None => (404, String::new()),
            },
            _ => (405, String::new()),
        }
    }

    fn create(&mut self, body: &[u8]) -> (u16, String) {
        let name = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|v| v.get("name")?.as_str().map(str::to_owned));
        let Some(name) = name else {
            return (
                400,
                json!({"error": "expected {\"name\": \"...\"}"}).to_string(),
            );
        };
        self.next_id += 1;
        self.items.push((self.next_id, name.clone()));
        (201, json!({"id": self.next_id, "name": name}).to_string())
    }
}
