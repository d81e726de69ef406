//! The local server of `kldiv serve`: a small pool of threads answering the page's files and
//! the JSON endpoints of [`api`].
//!
//! Each request is bounded: a body of at most [`MAX_BODY`] bytes, specs and arrays of bounded
//! size, every computation under the evaluation budget of [`api::options`]. A request whose
//! `Host` is not this server's local name is refused (403), so that a page on another site
//! cannot reach the server through a DNS name rebound to 127.0.0.1.

pub mod api;

use serde_json::{Value, json};
use std::io::Read;
use std::net::SocketAddr;
use tiny_http::{Header, Method, Request, Response};

/// The largest request body accepted (an arrays request of ~100 000 numbers fits).
pub const MAX_BODY: usize = 4 << 20;
/// Worker threads: requests are served concurrently, a slow one holds one worker only.
pub const WORKERS: usize = 4;

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");

/// A bound server, not yet answering.
pub struct Server {
    http: tiny_http::Server,
    addr: SocketAddr,
    hosts: Vec<String>,
}

impl Server {
    /// Binds `host:port` (port 0 for one the system picks).
    ///
    /// # Errors
    /// When the address cannot be bound.
    pub fn bind(host: &str, port: u16) -> Result<Server, String> {
        let http = tiny_http::Server::http((host, port))
            .map_err(|e| format!("cannot listen on {host}:{port}: {e}"))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| "the server has no IP address".to_string())?;
        let port = addr.port();
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|h| format!("{h}:{port}"))
            .collect();
        // A server bound to a named interface answers to that name too.
        let own = if host.contains(':') && !host.starts_with('[') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        if !hosts.contains(&own) && host != "0.0.0.0" && host != "::" {
            hosts.push(own);
        }
        Ok(Server { http, addr, hosts })
    }

    /// The page's address.
    pub fn url(&self) -> String {
        match self.addr {
            SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
            SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
        }
    }

    /// Answers requests on [`WORKERS`] threads until the process ends.
    pub fn run(self) {
        let server = std::sync::Arc::new(self);
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let s = server.clone();
                std::thread::spawn(move || {
                    while let Ok(request) = s.http.recv() {
                        s.answer(request);
                    }
                })
            })
            .collect();
        for w in workers {
            // A worker ends only when the listener does.
            let _ = w.join();
        }
    }

    fn answer(&self, mut request: Request) {
        let response = self.route(&mut request);
        // The client may be gone (a slider moved on): nothing to do about that.
        let _ = request.respond(response);
    }

    fn route(&self, request: &mut Request) -> Response<std::io::Cursor<Vec<u8>>> {
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_ascii_lowercase());
        match host {
            Some(h) if self.hosts.contains(&h) => {}
            Some(h) => {
                return error(
                    403,
                    &format!("Host '{h}' is not this server's local name: refused"),
                );
            }
            None => return error(403, "a request needs a Host header"),
        }
        let path = request
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        let method = request.method().clone();
        match (&method, path.as_str()) {
            (Method::Get, "/" | "/index.html") => file(INDEX_HTML, "text/html; charset=utf-8"),
            (Method::Get, "/app.js") => file(APP_JS, "text/javascript; charset=utf-8"),
            (Method::Get, "/style.css") => file(STYLE_CSS, "text/css; charset=utf-8"),
            (Method::Get, "/api/families") => json_response(200, &api::families()),
            (Method::Post, p) if p.starts_with("/api/") => {
                let endpoint: fn(&Value) -> Result<Value, api::ApiError> = match p {
                    "/api/parse" => api::parse,
                    "/api/kl" => api::kl,
                    "/api/measures" => api::measures,
                    "/api/panels" => api::panels,
                    "/api/samples" => api::samples,
                    "/api/arrays" => api::arrays,
                    _ => return error(404, &format!("no endpoint {p}")),
                };
                let body = match read_body(request) {
                    Ok(b) => b,
                    Err(r) => return r,
                };
                // A panic would end this worker: it is answered as a server error instead.
                match std::panic::catch_unwind(|| endpoint(&body)) {
                    Ok(Ok(v)) => json_response(200, &v),
                    Ok(Err(e)) => error(e.status, &e.message),
                    Err(_) => error(500, "the computation failed unexpectedly"),
                }
            }
            (_, "/" | "/index.html" | "/app.js" | "/style.css" | "/api/families") => {
                error(405, &format!("{method} is not allowed on {path}: use GET"))
            }
            (_, p) if p.starts_with("/api/") => {
                error(405, &format!("{method} is not allowed on {path}: use POST"))
            }
            _ => error(404, &format!("no page {path}")),
        }
    }
}

/// The request's body as a JSON object, or the 4xx response that says what is wrong with it.
#[allow(clippy::result_large_err)] // the error is the response itself, built once
fn read_body(request: &mut Request) -> Result<Value, Response<std::io::Cursor<Vec<u8>>>> {
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(error(
            413,
            &format!("the request body is over {MAX_BODY} bytes"),
        ));
    }
    let mut bytes = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut bytes);
    if read.is_err() {
        return Err(error(400, "the request body could not be read"));
    }
    if bytes.len() > MAX_BODY {
        return Err(error(
            413,
            &format!("the request body is over {MAX_BODY} bytes"),
        ));
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| error(400, &format!("the body is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(error(400, "the body must be a JSON object"));
    }
    Ok(value)
}

fn respond(status: u16, body: Vec<u8>, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    // Content-Length rather than chunks at any size: every body is in memory already.
    let mut response = Response::from_data(body)
        .with_status_code(status)
        .with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        // Everything the page needs is served from here: no other origin is reachable.
        (
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        ),
    ] {
        // Constant names and values: always valid header bytes.
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

fn file(text: &str, content_type: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(200, text.as_bytes().to_vec(), content_type)
}

fn json_response(status: u16, v: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    respond(status, v.to_string().into_bytes(), "application/json")
}

fn error(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    json_response(status, &json!({ "error": message }))
}
