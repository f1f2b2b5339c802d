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
            layout(
                lang,
                Some(&user),
                &format!("{} {}", lang.t(Text::Household), h.id),
                html! {
                    dl {
                        dt { (lang.t(Text::Size)) } dd { (h.adults + h.children) }
                        dt { (lang.t(Text::WaitingSince)) } dd { (h.waiting_since) }
                        dt { (lang.t(Text::ProposedTo)) } dd { (h.proposed_to.clone().unwrap_or_default()) }
                        dt { (lang.t(Text::PlacedIn)) } dd { (h.placed_in.clone().unwrap_or_default()) }
                    }
                    (table(lang, "members", &members))
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
