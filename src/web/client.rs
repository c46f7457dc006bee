//! The network address a request came from, for throttling and rate limits.

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use std::{convert::Infallible, net::SocketAddr};

/// The peer's IP address as text; "unknown" when the server runs without connection info
/// (in-process tests). Behind a reverse proxy every request shares the proxy's address, so
/// the per-address limits then act as one global limit: set them accordingly.
pub struct ClientAddress(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip().to_string())
                .unwrap_or_else(|| "unknown".to_owned()),
        ))
    }
}
