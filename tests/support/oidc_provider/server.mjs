// A real OpenID Connect provider for Quid's tests: panva's oidc-provider (OpenID certified),
// on a loopback port, with one confidential client (Quid) and PKCE required.
//
//   PORT=9400 CLIENT_ID=quid CLIENT_SECRET=... REDIRECT_URIS=http://127.0.0.1:8000/api/v1/auth/sso/callback \
//     node server.mjs
//
// People sign in through the provider's own development login form: any login name, any
// password; the name is the account whose claims the tests stored first with
//   PUT /_test/accounts/<name>   {"email": ..., "name": ..., "division": ..., "groups": [...]}
//
// To prove that Quid refuses what it must, the tests can make the provider misbehave as an
// attacker in the middle would: PUT /_test/tamper {"mode": "..."} changes the ID token of the
// next token response (a token re-signed with another key, one with "alg": "none", one that
// has expired, or one for another audience, issuer or nonce). Everything else is the
// library's own behaviour. It prints "ready <issuer>" once it listens.

import { createServer } from 'node:http';

import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.REDIRECT_URIS || '').split(',').filter(Boolean);

async function signingKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

const providerKey = await signingKey('provider-key');
// The attacker's key: never published in the provider's JWKS.
const attackerKey = await signingKey('provider-key');

const accounts = new Map();
let tamperMode = '';

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [providerKey] },
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'division', 'groups'],
  },
  cookies: { keys: ['quid-test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    if (!accounts.has(id)) {
      return undefined;
    }
    return { accountId: id, async claims() { return { sub: id, ...accounts.get(id) }; } };
  },
});

async function resigned(idToken, change, key = providerKey) {
  const claims = { ...decodeJwt(idToken), ...change };
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .sign(await importJWK(key, 'RS256'));
}

function unsigned(idToken) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(decodeJwt(idToken))}.`;
}

const forgeries = {
  'foreign-key': (token) => resigned(token, {}, attackerKey),
  'unknown-key': (token) => resigned(token, {}, { ...attackerKey, kid: 'attacker-key' }),
  'alg-none': (token) => unsigned(token),
  expired: (token) => {
    const now = Math.floor(Date.now() / 1000);
    return resigned(token, { iat: now - 7200, exp: now - 3600 });
  },
  'wrong-audience': (token) => resigned(token, { aud: 'another-application' }),
  'wrong-issuer': (token) => resigned(token, { iss: 'http://attacker.example' }),
  'wrong-nonce': (token) => resigned(token, { nonce: 'the-nonce-of-another-sign-in' }),
};

async function readJson(request) {
  const chunks = [];
  for await (const chunk of request) {
    chunks.push(chunk);
  }
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {};
}

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/_test/')) {
    if (ctx.method === 'PUT' && ctx.path.startsWith('/_test/accounts/')) {
      accounts.set(decodeURIComponent(ctx.path.slice('/_test/accounts/'.length)), await readJson(ctx.req));
      ctx.status = 204;
    } else if (ctx.method === 'PUT' && ctx.path === '/_test/tamper') {
      const { mode } = await readJson(ctx.req);
      if (mode && !forgeries[mode]) {
        ctx.status = 400;
        ctx.body = { error: `unknown mode ${mode}` };
        return;
      }
      tamperMode = mode || '';
      ctx.status = 204;
    } else {
      ctx.status = 404;
    }
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && tamperMode && ctx.body && ctx.body.id_token) {
    ctx.body = { ...ctx.body, id_token: await forgeries[tamperMode](ctx.body.id_token) };
  }
});

createServer(provider.callback()).listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
