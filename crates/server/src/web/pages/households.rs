//! One household, and a municipality's answer for it.

use super::*;

/// One household: national, or the municipality it is proposed to or placed in.
pub async fn household(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
) -> Response {
    let lang = user.lang;
    match household_of(&state, &user.principal, &scenario, &id).await {
        Ok(h) => {
            let mut members = Table::new(
                lang.t(Text::Members),
                vec![
                    Column::new("id", ColumnKind::Text),
                    Column::new(lang.t(Text::Year), ColumnKind::Integer),
                    Column::new("sex", ColumnKind::Text),
                    Column::new("education", ColumnKind::Text),
                    Column::new("languages", ColumnKind::Text),
                ],
            );
            for p in &h.persons {
                members.push(vec![
                    p.id.clone().into(),
                    Cell::Integer(i64::from(p.birth_year)),
                    p.sex.to_string().into(),
                    p.education.to_string().into(),
                    p.languages.join(", ").into(),
                ]);
            }
            let history_of = async {
                let id = parse_field(&h.id, "id")?;
                landa_app::households::household_history(
                    &state.store,
                    &user.principal,
                    &scenario,
                    &id,
                )
                .await
                .map_err(ApiError::from)
            };
            let events = match history_of.await {
                Ok(events) => events,
                Err(error) => return error_page(lang, Some(&user), &error),
            };
            let mut history = Table::new(
                lang.t(Text::History),
                vec![
                    Column::new(lang.t(Text::Step), ColumnKind::Text),
                    Column::new(lang.t(Text::Standing), ColumnKind::Text),
                    Column::new(lang.t(Text::Municipality), ColumnKind::Text),
                    Column::new(lang.t(Text::Comment), ColumnKind::Text),
                    Column::new(lang.t(Text::RecordedBy), ColumnKind::Text),
                    Column::new(lang.t(Text::Date), ColumnKind::Text),
                ],
            );
            for e in &events {
                history.push(vec![
                    e.step.clone().into(),
                    lang.state(e.state).into(),
                    e.municipality
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                        .into(),
                    e.note.clone().into(),
                    e.recorded_by.clone().into(),
                    e.recorded_at.format("%Y-%m-%d %H:%M").to_string().into(),
                ]);
            }
            let standing = match &h.state_municipality {
                Some(code) => format!("{} · {code}", lang.state(h.state.into())),
                None => lang.state(h.state.into()).to_owned(),
            };
            layout(
                lang,
                Some(&user),
                &format!("{} {}", lang.t(Text::Household), h.id),
                html! {
                    dl {
                        dt { (lang.t(Text::Standing)) } dd { (standing) }
                        dt { (lang.t(Text::Intake)) } dd { (lang.intake(h.intake_category.into()))
                            @if let Some(code) = &h.settled_in { " · " (code) } }
                        dt { (lang.t(Text::Size)) } dd { (h.adults + h.children) }
                        @if let Some(permit) = &h.permit_date {
                            dt { (lang.t(Text::PermitDate)) } dd { (permit) }
                        }
                        dt { (lang.t(Text::WaitingSince)) } dd { (h.waiting_since) }
                        @if let Some(dwelling) = &h.dwelling {
                            dt { (lang.t(Text::Dwelling)) } dd { (dwelling) }
                        }
                    }
                    (table(lang, "members", &members))
                    (table(lang, "history", &history))
                },
            )
            .into_response()
        }
        Err(error) => error_page(lang, Some(&user), &error),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf_token: String,
    response: String,
    comment: String,
}

/// A municipality accepts or questions one of its households.
pub async fn answer_placement(
    State(state): State<AppState>,
    user: WebUser,
    Path((scenario, id)): Path<(String, String)>,
    Form(form): Form<AnswerForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    let code = user
        .principal
        .role
        .jurisdiction()
        .unwrap_or_default()
        .to_owned();
    let result = match parse_field(&form.response, "response") {
        Ok(response) => {
            let body = ResponseIn {
                response,
                comment: form.comment.clone(),
            };
            answer(&state, &user.principal, &scenario, &id, &body)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    after_form(&state, &user, &scenario, &code, result).await
}
