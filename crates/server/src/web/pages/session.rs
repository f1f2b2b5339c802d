//! The login, logout and language choice.

use super::*;

/// `/`: the user's home, or the login form.
pub async fn root(State(state): State<AppState>, parts: axum::http::request::Parts) -> Response {
    match auth::session_of(&state, &parts).await {
        Ok(Some(_)) => Redirect::to("/app").into_response(),
        _ => Redirect::to("/login").into_response(),
    }
}

/// Why the login page is shown again: the password form's answer marks its fields.
enum Refusal {
    Password(Message),
    SingleSignOn(Message),
}

fn login_page(state: &AppState, lang: Lang, username: &str, refusal: Option<Refusal>) -> Markup {
    let (error, fields_invalid) = match refusal {
        Some(Refusal::Password(message)) => (Some(message), true),
        Some(Refusal::SingleSignOn(message)) => (Some(message), false),
        None => (None, false),
    };
    let invalid = fields_invalid.then_some("true");
    let described = fields_invalid.then_some("login-error");
    layout(
        lang,
        None,
        &[],
        lang.t(Text::LogIn),
        html! {
            (error_summary(lang, error.clone().map(|e| (fields_invalid.then(|| "#username".to_owned()), e))))
            @if let Some(sso) = &state.config.single_sign_on {
                p { a.button #single-sign-on href="/login/sso" { (lang.t(Text::LogInWith)) " " (sso.label) } }
                p { (lang.t(Text::OrWithPassword)) }
            }
            form.stack method="post" action="/login" {
                label for="username" { (lang.t(Text::Username))
                    input id="username" name="username" autocomplete="username" required value=(username)
                        aria-invalid=[invalid] aria-describedby=[described];
                }
                label for="password" { (lang.t(Text::Password))
                    input id="password" name="password" type="password" autocomplete="current-password" required
                        aria-invalid=[invalid] aria-describedby=[described];
                }
                @if let (true, Some(error)) = (fields_invalid, &error) { p.error id="login-error" { (error) } }
                button type="submit" { (lang.t(Text::LogIn)) }
            }
        },
    )
}

pub async fn login_form(State(state): State<AppState>, PageLang(lang): PageLang) -> Markup {
    login_page(&state, lang, "", None)
}

/// The flow cookie's Set-Cookie value; `None` clears it.
fn flow_cookie(state: &AppState, headers: &HeaderMap, flow: Option<&sso::Flow>) -> String {
    let secure = crate::routes::auth::cookies_secure(state, headers);
    format!(
        "{}={}; Path=/login/sso; HttpOnly; SameSite=Lax; Max-Age={}{}",
        sso::FLOW_COOKIE,
        flow.map(sso::Flow::to_cookie).unwrap_or_default(),
        flow.map_or(0, |_| sso::FLOW_LIFETIME.as_secs()),
        if secure { "; Secure" } else { "" }
    )
}

/// The login page saying that no identity provider is configured (404).
fn no_single_sign_on(state: &AppState, lang: Lang) -> Response {
    (
        StatusCode::NOT_FOUND,
        login_page(
            state,
            lang,
            "",
            Some(Refusal::SingleSignOn(Message::own(
                lang.t(Text::NoSingleSignOn),
            ))),
        ),
    )
        .into_response()
}

/// `/login/sso`: sends the browser to the identity provider, the login's secrets kept in
/// the flow cookie (SameSite=Lax, so that it comes back with the provider's redirect).
pub async fn start_single_sign_on(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
) -> Response {
    let Some(sso) = &state.config.single_sign_on else {
        return no_single_sign_on(&state, lang);
    };
    match sso.start().await {
        Ok(started) => (
            [(
                header::SET_COOKIE,
                flow_cookie(&state, &headers, Some(&started.flow)),
            )],
            Redirect::to(&started.authorize_url),
        )
            .into_response(),
        Err(error) => {
            tracing::warn!(%error, "single sign-on could not start");
            (
                StatusCode::BAD_GATEWAY,
                login_page(
                    &state,
                    lang,
                    "",
                    Some(Refusal::SingleSignOn(Message::english(error.to_string()))),
                ),
            )
                .into_response()
        }
    }
}

/// `/login/sso/callback`: the provider's answer. The answer is checked against the flow
/// cookie, the code exchanged and the ID token verified; the identity's linked account
/// gets a session. The session cookie is SameSite=Strict, which a browser does not send
/// on a redirect that a provider's page began, so the way on is a page of landa's own.
pub async fn finish_single_sign_on(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    auth::RequestOrigin(origin): auth::RequestOrigin,
    headers: HeaderMap,
    Query(answer): Query<sso::ProviderAnswer>,
) -> Response {
    let Some(sso) = &state.config.single_sign_on else {
        return no_single_sign_on(&state, lang);
    };
    let flow = auth::cookie(&headers, sso::FLOW_COOKIE).and_then(sso::Flow::from_cookie);
    let clear_flow = (header::SET_COOKIE, flow_cookie(&state, &headers, None));
    let refused = |status: StatusCode, message: &str| {
        state.metrics.login_failed();
        (
            status,
            [clear_flow.clone()],
            login_page(
                &state,
                lang,
                "",
                Some(Refusal::SingleSignOn(Message::english(message))),
            ),
        )
            .into_response()
    };
    let subject = match sso.finish(flow, &answer).await {
        Ok(subject) => subject,
        Err(error) => {
            tracing::warn!(%error, "single sign-on refused");
            return refused(StatusCode::UNAUTHORIZED, &error.to_string());
        }
    };
    let opened = landa_app::accounts::log_in_single_sign_on(
        &state.store,
        &subject,
        &sso.label,
        origin,
        state.config.session_lifetime,
    )
    .await;
    let opened = match opened {
        Ok(opened) => opened,
        Err(error) => {
            let error = ApiError::from(error);
            return refused(error.status, &error.body.message);
        }
    };
    match crate::routes::auth::session_cookie(&opened, &state, &headers) {
        Ok(cookie) => {
            let mut response = layout(
                lang,
                None,
                &[],
                lang.t(Text::LoggedIn),
                html! {
                    meta http-equiv="refresh" content="0; url=/app";
                    p { a href="/app" { (lang.t(Text::Continue)) } }
                },
            )
            .into_response();
            let cookies = response.headers_mut();
            cookies.append(header::SET_COOKIE, cookie);
            if let Ok(clear) = HeaderValue::from_str(&clear_flow.1) {
                cookies.append(header::SET_COOKIE, clear);
            }
            response
        }
        Err(error) => error_page(lang, None, &error),
    }
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
            login_page(
                &state,
                lang,
                &form.username,
                Some(Refusal::Password(Message::of(&error))),
            ),
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
    let lang = Lang::from_code(&code).unwrap_or(Lang::new(Language::En));
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
