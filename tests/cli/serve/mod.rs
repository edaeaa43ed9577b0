//! `ticket serve` driven over real HTTP: the binary on an ephemeral port
//! of loopback, against the test's store, on either backend.

mod auth;
mod limits;
mod load;
mod openapi;
mod seed1;
mod seed2;

use std::io::{BufRead, BufReader};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::common::TestEnv;

/// A running `ticket serve`.
pub struct Server {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    agent: ureq::Agent,
    log: Arc<Mutex<String>>,
}

/// An answer: status, headers, body as JSON (or the text, when not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Value,
    pub text: String,
}

impl Answer {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Asserts the status and, for errors, the envelope's shape.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "{}", self.text);
        if status >= 400 {
            assert_eq!(self.body["meta"]["code"], status, "{}", self.text);
            assert!(
                self.body["meta"]["message"]
                    .as_str()
                    .is_some_and(|m| !m.is_empty())
            );
            assert!(self.body["data"].is_null(), "{}", self.text);
        }
        &self.body
    }

    /// The envelope's data of a success.
    #[track_caller]
    pub fn data(&self) -> &Value {
        assert!(self.status < 300, "{}: {}", self.status, self.text);
        assert_eq!(
            self.body["meta"],
            serde_json::json!({"message": "ok", "code": 0})
        );
        &self.body["data"]
    }
}

impl Server {
    /// Starts `ticket serve --listen 127.0.0.1:0 ARGS` over the test's
    /// store, with `envs` added to its environment.
    pub fn start(env: &TestEnv, args: &[&str], envs: &[(&str, &str)]) -> Server {
        let mut cmd = env.std_cmd();
        cmd.args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn ticket serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("http://") {
                    let url: String = line[at..]
                        .chars()
                        .take_while(|c| !c.is_whitespace())
                        .collect();
                    let _ = tx.send(url);
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let url = match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let status = child.wait();
                panic!(
                    "ticket serve did not start ({status:?}): {}",
                    log.lock().unwrap()
                );
            }
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Server {
            child: Some(child),
            url,
            agent,
            log,
        }
    }

    /// `GET PATH` with a token (or none).
    pub fn get(&self, path: &str, token: Option<&str>) -> Answer {
        self.call("GET", path, token, None, &[])
    }

    /// `POST PATH` with a JSON body.
    pub fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Answer {
        self.call("POST", path, token, Some(body.to_string().as_bytes()), &[])
    }

    /// Any request: method, path, token, raw body, extra headers.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.try_call(method, path, token, body, headers)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// The same, with a failure to connect or read returned, not a panic.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, ureq::Error> {
        let url = format!("{}{path}", self.url);
        let mut req = ureq::http::Request::builder().method(method).uri(&url);
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        if body.is_some() {
            req = req.header("Content-Type", "application/json");
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let result = match body {
            Some(b) => self.agent.run(req.body(b.to_vec()).unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut response = result?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Answer {
            status,
            headers,
            body,
            text,
        })
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().unwrap().id()
    }

    /// The log once it holds `needle` (the access log line of a request
    /// is written just after its answer), waiting up to 10 s.
    pub fn log_with(&self, needle: &str) -> String {
        for _ in 0..1000 {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the log never showed {needle:?}: {}", self.log())
    }

    /// What the server wrote on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits for a server told to stop some other way.
    pub fn stop_waiting(mut self) -> ExitStatus {
        self.child.take().unwrap().wait().unwrap()
    }

    /// Sends SIGTERM and waits for the exit.
    pub fn stop(mut self) -> ExitStatus {
        let mut child = self.child.take().unwrap();
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// The keys of a JSON object as the server wrote them, in order.
pub fn keys_in_order(text: &str, object: &Value) -> Vec<String> {
    let mut keys: Vec<(usize, String)> = object
        .as_object()
        .unwrap()
        .keys()
        .map(|k| (text.find(&format!("\"{k}\":")).unwrap(), k.clone()))
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, k)| k).collect()
}

/// A new API token for `user` with `role`, from `ticket token new -q`.
pub fn token(env: &TestEnv, user: &str, role: &str) -> String {
    env.ok(&["token", "new", user, "--role", role, "-q"])
        .trim()
        .to_string()
}
