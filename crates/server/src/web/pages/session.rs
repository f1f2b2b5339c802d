//! The login, logout and language choice.

use super::*;

/// `/`: the user's home, or the login form.
pub async fn root(State(state): State<AppState>, parts: axum::http::request::Parts) -> Response {
    match auth::session_of(&state, &parts).await {
        Ok(Some(_)) => Redirect::to("/app").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

fn login_page(lang: Lang, username: &str, error: Option<&str>) -> Markup {
    layout(
        lang,
        None,
        lang.t(Text::LogIn),
        html! {
            form.stack method="post" action="/login" {
                label for="username" { (lang.t(Text::Username))
                    input id="username" name="username" autocomplete="username" required value=(username)
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "login-error")];
                }
                label for="password" { (lang.t(Text::Password))
                    input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "login-error")];
                }
                @if let Some(error) = error { p.error id="login-error" role="alert" { (error) } }
                button type="submit" { (lang.t(Text::LogIn)) }
            }
        },
    )
}

pub async fn login_form(PageLang(lang): PageLang) -> Markup {
    login_page(lang, "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
}

pub async fn login(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    auth::RequestOrigin(origin): auth::RequestOrigin,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    match open_session(&state, &form.username, &form.password, origin).await {
        Ok(opened) => match crate::routes::auth::session_cookie(&opened, &state, &headers) {
            Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/app")).into_response(),
            Err(error) => error_page(lang, None, &error),
        },
        Err(error) => (
            error.status,
            login_page(lang, &form.username, Some(&error.body.message)),
        )
            .into_response(),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    user: WebUser,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Response {
    if let Err(error) = check_csrf(&user, &form.csrf_token) {
        return error_page(user.lang, Some(&user), &error);
    }
    if let Err(error) = crate::routes::auth::close_session(&state, &user.principal, &headers).await
    {
        return error_page(user.lang, Some(&user), &error);
    }
    (
        [(
            header::SET_COOKIE,
            "landa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

/// Chooses the language for a year and goes back where the user was.
pub async fn language(Path(code): Path<String>, headers: HeaderMap) -> Response {
    let lang = Lang::from_code(&code).unwrap_or(Lang::En);
    let back =
        crate::hardening::local_path(headers.get(header::REFERER).and_then(|v| v.to_str().ok()));
    (
        [(
            header::SET_COOKIE,
            format!(
                "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
                lang.code()
            ),
        )],
        Redirect::to(&back),
    )
        .into_response()
}
