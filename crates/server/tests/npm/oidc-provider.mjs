// The identity provider landa's single sign-on test logs in at: the oidc-provider package
// (a certified OpenID Connect implementation), not a mock of the protocol. Its development
// login form accepts any login name, which becomes the subject; the e-mail claim is the
// same name, marked verified. Started by crates/server/tests/browser/single_sign_on.rs as
//   node oidc-provider.mjs REDIRECT_URI CLIENT_SECRET
// it listens on a free port of 127.0.0.1 and prints "issuer URL" once it serves.
import http from 'node:http';
import Provider from 'oidc-provider';

const [redirectUri, clientSecret] = process.argv.slice(2);
if (!redirectUri || !clientSecret) {
  console.error('usage: node oidc-provider.mjs REDIRECT_URI CLIENT_SECRET');
  process.exit(2);
}

let handle = (request, response) => {
  response.statusCode = 503;
  response.end();
};
const server = http.createServer((request, response) => handle(request, response));
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'landa',
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username'],
    },
    // The claims of the scopes asked for go into the ID token, where landa reads them.
    conformIdTokenClaims: false,
    cookies: { keys: ['landa-test-provider-cookies'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, email: id, email_verified: true, preferred_username: id };
        },
      };
    },
  });
  handle = provider.callback();
  console.log(`issuer ${issuer}`);
});
