/**
 * DNS for mailauth in tests, from a table (there is no DNS here): `name|TYPE` → records; anything
 * else answers ENOTFOUND at once, as a real resolver does for a name without records. Also makes
 * DKIM keys and signs mail with mailauth, so a test can send mail that verifies.
 */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign, type DKIMSignOptions, type DNSResolver } from 'mailauth';

export type DnsTable = Record<string, string[][]>;

export function tableResolver(table: DnsTable): DNSResolver {
  return async (name, rrtype) => {
    const hit = table[`${name.toLowerCase()}|${rrtype.toUpperCase()}`];
    if (hit) return hit;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };
}

export interface DkimDomain {
  domain: string;
  selector: string;
  privateKey: string;
  /** DNS records that publish the key and a DMARC policy for the domain. */
  dns: DnsTable;
}

export function dkimDomain(domain: string, selector = 'k1'): DkimDomain {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const pub = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    domain,
    selector,
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dns: {
      [`${selector}._domainkey.${domain}|TXT`]: [[`v=DKIM1; k=rsa; p=${pub}`]],
      [`_dmarc.${domain}|TXT`]: [['v=DMARC1; p=reject; adkim=r; aspf=r']],
    },
  };
}

/** The mail with a DKIM-Signature of `d` prepended. */
export async function signed(raw: Buffer, d: DkimDomain): Promise<Buffer> {
  // mailauth's own type declarations name the fields flat; the library reads `signatureData`.
  const options = {
    signatureData: [{ signingDomain: d.domain, selector: d.selector, privateKey: d.privateKey }],
  } as unknown as DKIMSignOptions;
  const r = await dkimSign(raw, options);
  if (!r.signatures.trim()) throw new Error(`DKIM signing failed: ${JSON.stringify(r.errors)}`);
  return Buffer.concat([Buffer.from(r.signatures), raw]);
}
