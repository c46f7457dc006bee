//! What the pages and e-mails show of an appointment.

use crate::{
    entities::{appointment, cluster, municipality, product},
    web::dates::when,
    web::i18n::Lang,
};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct AppointmentView {
    pub reference: String,
    pub name: String,
    pub product: String,
    pub product_slug: String,
    pub cluster: String,
    pub place: String,
    pub when: String,
    pub start: String,
    pub minutes: i64,
    pub bring: Vec<String>,
    pub status: String,
    pub manage_url: String,
    pub token: String,
}

impl AppointmentView {
    pub fn new(
        appointment: &appointment::Model,
        product: &product::Model,
        cluster: Option<&cluster::Model>,
        municipality: Option<&municipality::Model>,
        base_url: &str,
        lang: Lang,
    ) -> Self {
        let cluster_name = cluster.map(|c| c.name.clone()).unwrap_or_default();
        let place = match municipality {
            Some(m) => format!(
                "{cluster_name}, {}, {}, {} {}",
                m.legal_name, m.street, m.postal_code, m.city
            ),
            None => cluster_name.clone(),
        };
        Self {
            reference: appointment.reference.clone(),
            name: appointment.name.clone(),
            product: product.name.clone(),
            product_slug: product.slug.clone(),
            cluster: cluster_name,
            place,
            when: when(appointment.start_at, lang),
            start: appointment.start_at.to_rfc3339(),
            minutes: (appointment.end_at - appointment.start_at).num_minutes(),
            bring: product
                .requirements
                .0
                .iter()
                .filter(|r| !r.evidence.is_empty())
                .map(|r| r.evidence.clone())
                .collect(),
            status: appointment.status.clone(),
            manage_url: format!("{base_url}/afspraak/beheer/{}", appointment.manage_token),
            token: appointment.manage_token.clone(),
        }
    }
}
