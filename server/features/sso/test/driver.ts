/**
 * A browser without a browser, for the SSO tests: plain HTTP with a cookie jar per origin, redirects
 * followed by hand, the IdP's login form posted. `ssoSignIn` runs a whole sign-in and lets a test
 * alter the authorization request (nonce, PKCE challenge) or the callback (state) on the way.
 */
export interface Answer {
  status: number;
  url: URL;
  location: URL | null;
  text: string;
}

export class CookieBrowser {
  private jar = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(origin).origin)?.get(name);
  }

  async request(
    input: string | URL,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Answer> {
    const url = new URL(input);
    const cookies = this.jar.get(url.origin) ?? new Map<string, string>();
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone =
        !value ||
        attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) ||
        attrs.some((a) => {
          const m = /^\s*expires=(.*)$/i.exec(a);
          return !!m && Date.parse(m[1]) <= Date.now();
        });
      if (gone) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.jar.set(url.origin, cookies);
    const loc = res.headers.get('location');
    return {
      status: res.status,
      url,
      location: loc ? new URL(loc, url) : null,
      text: await res.text(),
    };
  }
}

export interface SignInOpts {
  /** Query of /api/v1/sso/start, e.g. `email=a@b.c` or `account=slug`. */
  start: string;
  /** The IdP user name typed on its login page. */
  login: string;
  browser?: CookieBrowser;
  tamperAuthorization?: (url: URL) => void;
  tamperCallback?: (url: URL) => void;
}

export interface SignInResult {
  /** Where Kefu sent the browser last: `/app/inbox` or `/app/login?sso_error=…`. */
  landed: string;
  error: string | null;
  session: string | undefined;
  browser: CookieBrowser;
}

export async function ssoSignIn(kefuUrl: string, o: SignInOpts): Promise<SignInResult> {
  const b = o.browser ?? new CookieBrowser();
  const kefu = new URL(kefuUrl).origin;
  const done = (a: Answer): SignInResult => {
    if (a.status !== 302 || !a.location) throw new Error(`Kefu answered ${a.status}: ${a.text}`);
    return {
      landed: a.location.pathname + a.location.search,
      error: a.location.searchParams.get('sso_error'),
      session: b.cookie(kefuUrl, 'kefu_session'),
      browser: b,
    };
  };
  const started = await b.request(`${kefuUrl}/api/v1/sso/start?${o.start}`);
  if (!started.location || started.location.origin === kefu) return done(started);
  const auth = new URL(started.location);
  o.tamperAuthorization?.(auth);
  let next: URL = auth;
  let answer = await b.request(next);
  for (let hop = 0; hop < 12; hop++) {
    if (answer.location) {
      if (answer.location.origin === kefu) {
        const callback = new URL(answer.location);
        o.tamperCallback?.(callback);
        return done(await b.request(callback));
      }
      next = answer.location;
      answer = await b.request(next);
    } else if (answer.status === 200 && /^\/interaction\/[^/]+$/.test(next.pathname)) {
      answer = await b.request(`${next.origin}${next.pathname}/login`, {
        form: { login: o.login },
      });
      if (answer.status === 200) throw new Error(`IdP login refused: ${answer.text}`);
    } else {
      throw new Error(`IdP answered ${answer.status} at ${next}: ${answer.text.slice(0, 300)}`);
    }
  }
  throw new Error('too many redirects');
}
