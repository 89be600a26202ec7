import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Request, Response, Server } from 'restify';

/** The page's own files (web/) and the vendored Web Chat bundle (web/vendor/botframework-webchat/). */
export interface WebChatPageOptions {
  readonly webDir: string;
  /** Shown in the page header and title. */
  readonly productName: string;
  /** The line under the name: what the bot helps with. */
  readonly tagline: string;
}

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  /** Immutable assets have the version in their URL and are cached for a year. */
  readonly immutable: boolean;
  gzip?: Buffer;
}

/** gzip forms by ETag, shared by every page in the process (tests start many servers). */
const gzipped = new Map<string, Promise<Buffer | undefined>>();

/** Headers on every file of the page. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/**
 * The hash of the empty string. Web Chat 4.18.1 gives its CSS-in-JS (emotion) the page's nonce, but one
 * component inside it (react-scroll-to-bottom) creates its style element without it. emotion inserts
 * each style element empty and adds the rules through the CSS object model, which CSP does not govern,
 * so allowing an empty style element is enough, and it lets nothing else in: any text in an injected
 * style element changes its hash.
 */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

/**
 * The policy of the page: scripts only from this origin (no inline script, no eval), styles from this
 * origin or with this response's nonce (Web Chat's CSS-in-JS inserts style elements carrying it) or
 * empty (see {@link EMPTY_STYLE_HASH}), requests only to this origin, no frames, no plugins, no forms,
 * and no framing by another site.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}' ${EMPTY_STYLE_HASH}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `GET /` (the page, with a fresh nonce per answer) and `GET /webchat/<file>` (its scripts, styles, icon). */
export class WebChatPage {
  private readonly template: string;
  private readonly assets = new Map<string, Asset>();
  readonly bundlePath: string;

  constructor(private readonly options: WebChatPageOptions) {
    const read = (name: string): Buffer => fs.readFileSync(path.join(options.webDir, name));
    const vendorDir = path.join(options.webDir, 'vendor', 'botframework-webchat');
    const vendor = JSON.parse(fs.readFileSync(path.join(vendorDir, 'VENDOR.json'), 'utf8')) as { version: string };
    this.bundlePath = `/webchat/vendor/webchat-${vendor.version}.js`;
    this.template = read('index.html').toString('utf8');
    this.add(this.bundlePath, fs.readFileSync(path.join(vendorDir, 'webchat.js')), 'text/javascript', true);
    this.add('/webchat/app.js', read('app.js'), 'text/javascript', false);
    this.add('/webchat/app.css', read('app.css'), 'text/css', false);
    this.add('/webchat/icon.svg', read('icon.svg'), 'image/svg+xml', false);
  }

  register(server: Server): void {
    // restify 11 refuses a two-argument handler that is not async (see ../shared/STACK.md).
    // eslint-disable-next-line @typescript-eslint/require-await
    server.get('/', async (_req: Request, res: Response) => this.sendPage(res));
    // eslint-disable-next-line @typescript-eslint/require-await
    server.get('/webchat/*', async (req: Request, res: Response) => this.sendAsset(req, res));
  }

  /** The page's HTML for one answer: the nonce, name and tagline filled in (escaped). */
  renderPage(nonce: string): string {
    const values: Record<string, string> = {
      nonce,
      productName: this.options.productName,
      tagline: this.options.tagline,
      bundle: this.bundlePath,
    };
    return this.template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) =>
      key in values ? escapeHtml(values[key] ?? '') : whole,
    );
  }

  private sendPage(res: Response): void {
    const nonce = crypto.randomBytes(18).toString('base64');
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
    });
    res.end(this.renderPage(nonce));
  }

  private sendAsset(req: Request, res: Response): void {
    const asset = this.assets.get(req.path());
    if (!asset) {
      res.writeHead(404, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const headers: Record<string, string> = {
      ...COMMON_HEADERS,
      'Content-Type': `${asset.type}; charset=utf-8`,
      ETag: asset.etag,
      Vary: 'Accept-Encoding',
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (req.header('if-none-match', '') === asset.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = asset.gzip && /\bgzip\b/.test(req.header('accept-encoding', ''));
    const body = gzip && asset.gzip ? asset.gzip : asset.body;
    res.writeHead(200, {
      ...headers,
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
      'Content-Length': String(body.length),
    });
    res.end(body);
  }

  /** Keeps the file in memory; its gzip form is made in the background (the bundle takes a moment). */
  private add(url: string, body: Buffer, type: string, immutable: boolean): void {
    const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const asset: Asset = { body, type, etag, immutable };
    this.assets.set(url, asset);
    let zipping = gzipped.get(etag);
    if (!zipping) {
      zipping = new Promise((resolve) => {
        zlib.gzip(body, { level: 9 }, (err, gz) => resolve(!err && gz.length < body.length ? gz : undefined));
      });
      gzipped.set(etag, zipping);
    }
    void zipping.then((gz) => {
      if (gz) asset.gzip = gz;
    });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
