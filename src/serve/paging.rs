//! Seed 1's pages, `{count, page_size, next, previous, results}`, with
//! `next` and `previous` as absolute URLs a client follows to the end.

use axum::http::HeaderMap;
use axum::http::header::HOST;
use serde::Serialize;

use super::error::ApiError;
use super::extract::Params;

/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 100;
/// The page size when none is asked for (seed 1's example).
pub const DEFAULT_PAGE_SIZE: i64 = 15;

/// A page of results.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    count: u64,
    page_size: i64,
    next: Option<String>,
    previous: Option<String>,
    results: Vec<T>,
}

/// Which page a request asks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Asked {
    /// From 1.
    pub page: i64,
    /// At most [`MAX_PAGE_SIZE`].
    pub size: i64,
}

impl Asked {
    /// `page` and `page_size` of the query string, checked.
    pub(crate) fn from(params: &Params) -> Result<Self, ApiError> {
        Ok(Asked {
            page: params.number("page", Some(1), 1, i64::from(u32::MAX))?,
            size: params.number("page_size", Some(DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE)?,
        })
    }

    /// How many results come before this page.
    pub(crate) fn offset(&self) -> u64 {
        ((self.page - 1) as u64).saturating_mul(self.size as u64)
    }

    /// The page of `count` results holding `results`; 404 past the last
    /// page. `link` writes the URL of another page.
    pub(crate) fn page<T>(
        &self,
        count: u64,
        results: Vec<T>,
        link: &dyn Fn(i64) -> String,
    ) -> Result<Page<T>, ApiError> {
        let size = self.size as u64;
        let last = count.div_ceil(size).max(1) as i64;
        if self.page > last {
            return Err(ApiError::not_found(format!(
                "page {} is past the last page, {last}",
                self.page
            )));
        }
        Ok(Page {
            count,
            page_size: self.size,
            next: (self.page < last).then(|| link(self.page + 1)),
            previous: (self.page > 1).then(|| link(self.page - 1)),
            results,
        })
    }
}

/// `scheme://host` as the client reached this server: the `Host` header,
/// and `https` when a TLS proxy says so in `X-Forwarded-Proto`.
pub(crate) fn origin(headers: &HeaderMap) -> Result<String, ApiError> {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]_".contains(&b));
    if !ok {
        return Err(ApiError::invalid("the Host header is not a host name"));
    }
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    Ok(format!("{}://{host}", if https { "https" } else { "http" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_both_ways_and_refuse_past_the_end() {
        let asked = Asked { page: 2, size: 15 };
        let p = asked
            .page(31, vec![1], &|n| format!("/x?page={n}"))
            .unwrap();
        assert_eq!(p.next.as_deref(), Some("/x?page=3"));
        assert_eq!(p.previous.as_deref(), Some("/x?page=1"));
        let first_of_nothing = Asked { page: 1, size: 15 }
            .page::<i32>(0, vec![], &|n| n.to_string())
            .unwrap();
        assert!(first_of_nothing.next.is_none() && first_of_nothing.previous.is_none());
        assert!(
            Asked { page: 4, size: 15 }
                .page::<i32>(31, vec![], &|n| n.to_string())
                .is_err()
        );
    }
}
