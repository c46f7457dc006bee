use axum::{Json, http::header, response::IntoResponse};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "Loket API", description = "Service desk of a Flemish municipality: catalogue, clusters, the multi-year plan, appointments, the front-office queue, complaints and reports, and the management reports."),
    paths(
        crate::catalogue::product_list,
        crate::catalogue::product_detail,
        crate::catalogue::cluster_list,
        crate::policy::policy_tree,
        crate::auth::me,
        crate::appointments::slots,
        crate::appointments::create,
        crate::appointments::cancel,
        crate::queue::api::queue,
        crate::queue::api::counters,
        crate::queue::api::issue_ticket,
        crate::queue::api::check_in,
        crate::queue::api::call_next,
        crate::queue::api::served,
        crate::queue::api::no_show,
        crate::queue::api::recall,
        crate::queue::api::transfer,
        crate::cases::api::list_cases,
        crate::cases::api::get_case,
        crate::cases::api::schedule_case,
        crate::cases::api::resolve_case,
        crate::reports::api::wait_times,
        crate::reports::api::appointments,
        crate::reports::api::phone,
        crate::reports::api::cases,
        crate::reports::api::policy,
    ),
    components(schemas(
        crate::catalogue::ProductJson,
        crate::catalogue::ProductDetailJson,
        crate::catalogue::ClusterJson,
        crate::appointments::SlotsJson,
        crate::appointments::BookingJson,
        crate::appointments::BookedJson,
        crate::queue::status::QueueStatus,
        crate::queue::api::CounterJson,
        crate::queue::api::TicketRequest,
        crate::queue::api::TicketJson,
        crate::queue::api::CheckInRequest,
        crate::queue::api::CheckInJson,
        crate::queue::api::VisitJson,
        crate::queue::api::TransferRequest,
        crate::cases::api::CaseJson,
        crate::cases::api::ContactJson,
        crate::cases::api::ScheduleRequest,
        crate::cases::api::ResolveRequest,
        crate::reports::api::WaitTimesJson,
        crate::reports::api::ClusterWaitJson,
        crate::reports::api::AppointmentsJson,
        crate::reports::api::ClusterAppointmentsJson,
        crate::reports::api::ProductAppointmentsJson,
        crate::reports::api::AppointmentFiguresJson,
        crate::reports::api::PhoneJson,
        crate::reports::api::AnsweredWithinJson,
        crate::reports::api::CasesJson,
        crate::reports::api::PolicyJson,
    )),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        Json(ApiDoc::openapi()),
    )
}
