//! `ticket serve`: answer the seed HTTP APIs over this desk.

use std::io::Write;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use ticket::model::Timestamp;
use ticket::query::when::Span;
use ticket::serve::{self, AccessLine, Options};

use super::{Context, Failure};
use crate::render::sanitize;

/// Serve the seed HTTP APIs (seed 1 `/v3_1/workorder/…`, seed 2
/// `/api/v2/…`) over this desk, until SIGINT or SIGTERM.
///
/// Callers send `Authorization: Bearer TOKEN` with a token from
/// `ticket token new`, or an HS256 web token signed with TICKET_JWT_SECRET
/// (claims sub, role, exp). `GET /healthz` and `GET /openapi.json` need
/// none. One line per request goes to stderr (method, path, status,
/// milliseconds, user; never a token). On SIGINT or SIGTERM the server
/// stops taking connections, finishes the requests in flight and exits 0.
///
/// Examples:
///   ticket serve                              # http://127.0.0.1:8080
///   ticket serve --listen 127.0.0.1:0         # any free port
///   ticket serve --listen 0.0.0.0:8080        # every interface (behind a TLS proxy)
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 picks a free one. Only
    /// loopback unless an address beyond it is given here.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The largest request body taken, in bytes (larger: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
          value_parser = clap::value_parser!(u64).range(1..=(1 << 30)))]
    pub body_limit: u64,
    /// How long one request may take (longer: 503).
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: Span,
    /// Requests answered at once (more: 503 with Retry-After).
    #[arg(long, value_name = "N", default_value_t = 512,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_in_flight: u64,
    /// Requests per second each token may send, in bursts of twice that
    /// (faster: 429 with Retry-After); 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub rate_limit: u32,
}

/// Runs `ticket serve`.
pub fn run(ctx: &mut Context, args: ServeArgs) -> Result<(), Failure> {
    let jwt_secret = std::env::var("TICKET_JWT_SECRET")
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| ctx.config().jwt_secret.clone())
        .map(String::into_bytes);
    let fixed_now = ctx.fixed_now();
    let clock: Arc<dyn Fn() -> Timestamp + Send + Sync> = match fixed_now {
        Some(t) => Arc::new(move || t),
        None => Arc::new(|| Timestamp::from_datetime(chrono::Utc::now())),
    };
    let quiet = ctx.quiet();
    let options = Options {
        listen: args.listen,
        body_limit: args.body_limit as usize,
        timeout: args.timeout.to_std(),
        concurrency: args.max_in_flight as usize,
        rate: NonZeroU32::new(args.rate_limit),
        jwt_secret,
        clock,
        log: Arc::new(move |line: &AccessLine| {
            if !quiet {
                log(line)
            }
        }),
    };
    let desk = ctx.take_desk()?;
    serve::run(desk, options, |addr| {
        let _ = writeln!(
            std::io::stderr(),
            "ticket: serving http://{addr} (Ctrl-C to stop)"
        );
    })
    .map_err(Failure::Serve)
}

/// One access log line on stderr.
fn log(line: &AccessLine) {
    let user = line.user.as_deref().unwrap_or("-");
    let mut text = format!(
        "{} {} {} {} {:.1}ms {}",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"),
        line.method,
        line.path,
        line.status,
        line.duration.as_secs_f64() * 1000.0,
        user
    );
    if let Some(error) = line.error {
        text.push(' ');
        text.push_str(error);
    }
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        sanitize::terminal(&text, false)
    );
}
