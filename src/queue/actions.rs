//! Queue changes that the displays must hear about: the call is committed first, then
//! announced (a display never shows a call that did not happen).

use super::{
    live::CallEvent,
    service::{self, QueueError},
};
use crate::{
    entities::{cluster, counter, visit},
    state::AppState,
};
use sea_orm::EntityTrait;

async fn announce(state: &AppState, called: &visit::Model, kind: &str) -> Result<(), QueueError> {
    let counter = match called.counter_id {
        Some(id) => counter::Entity::find_by_id(id).one(&state.db).await?,
        None => None,
    };
    let cluster = cluster::Entity::find_by_id(called.cluster_id)
        .one(&state.db)
        .await?;
    let event = CallEvent {
        ticket: called.ticket.clone(),
        cluster: cluster.as_ref().map(|c| c.code.clone()).unwrap_or_default(),
        cluster_name: cluster.map(|c| c.name).unwrap_or_default(),
        counter: counter.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        counter_id: counter.map(|c| c.id).unwrap_or_default(),
        visit_id: called.id,
        at: state.clock.now().to_rfc3339(),
        kind: kind.to_owned(),
        origin: state.calls.instance(),
    };
    state.calls.publish(&state.db, event).await?;
    Ok(())
}

/// The counter calls its next visitor; `None` when nobody waits.
pub async fn call_next(
    state: &AppState,
    counter: &counter::Model,
) -> Result<Option<visit::Model>, QueueError> {
    let called = service::call_next(&state.db, counter, state.clock.now()).await?;
    if let Some(called) = &called {
        announce(state, called, "called").await?;
    }
    Ok(called)
}

pub async fn recall(state: &AppState, visit_id: i32) -> Result<visit::Model, QueueError> {
    let called = service::recall(&state.db, visit_id, state.clock.now()).await?;
    announce(state, &called, "recalled").await?;
    Ok(called)
}
