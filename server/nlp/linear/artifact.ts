import { readFileSync, writeFileSync } from 'node:fs';
import type { FeatureConfig } from './features.ts';
import type { LinearModel } from './model.ts';
import { makeVectorizer } from './vectorizer.ts';

/**
 * On-disk form of a LinearModel: `<path>.json` header + `<path>.bin` body
 * (delta-varint buckets, uint16 idf ×2000, int16 weights with a per-class scale, float32 bias).
 */
export interface ArtifactHeader {
  format: 'kefu-linear';
  version: 1;
  labels: string[];
  features: FeatureConfig;
  temperature: number;
  offsets: number[];
  unseenIdf: number;
  nRows: number;
  scales: number[];
  sections: { buckets: number; idf: number; weights: number; bias: number };
  meta: Record<string, unknown>;
}

function encodeBuckets(buckets: Uint32Array): Buffer {
  const out: number[] = [];
  let prev = 0;
  for (const b of buckets) {
    let d = b - prev;
    prev = b;
    while (d >= 0x80) {
      out.push((d & 0x7f) | 0x80);
      d >>>= 7;
    }
    out.push(d);
  }
  return Buffer.from(out);
}

function decodeBuckets(buf: Buffer, n: number): Uint32Array {
  const out = new Uint32Array(n);
  let p = 0,
    prev = 0;
  for (let i = 0; i < n; i++) {
    let d = 0,
      shift = 0,
      byte: number;
    do {
      byte = buf[p++];
      d |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    prev += d;
    out[i] = prev;
  }
  return out;
}

function quantize(model: LinearModel): { q: Int16Array; scales: number[] } {
  const { W, nClasses } = model.weights;
  const scales = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < W.length; i++)
    scales[i % nClasses] = Math.max(scales[i % nClasses], Math.abs(W[i]));
  for (let c = 0; c < nClasses; c++) scales[c] = (scales[c] || 1) / 32767;
  const q = new Int16Array(W.length);
  for (let i = 0; i < W.length; i++) q[i] = Math.round(W[i] / scales[i % nClasses]);
  return { q, scales };
}

export function serializeModel(model: LinearModel): { header: ArtifactHeader; body: Buffer } {
  const buckets = encodeBuckets(model.vec.buckets);
  const idf = Buffer.from(
    Uint16Array.from(model.vec.idf, (v) => Math.min(65535, Math.round(v * 2000))).buffer,
  );
  const { q, scales } = quantize(model);
  const weights = Buffer.from(q.buffer);
  const bias = Buffer.from(Float32Array.from(model.weights.bias).buffer);
  const header: ArtifactHeader = {
    format: 'kefu-linear',
    version: 1,
    labels: model.labels,
    features: model.vec.cfg,
    temperature: model.temperature,
    offsets: Array.from(model.offsets),
    unseenIdf: model.vec.unseenIdf,
    nRows: model.vec.buckets.length,
    scales,
    sections: {
      buckets: buckets.length,
      idf: idf.length,
      weights: weights.length,
      bias: bias.length,
    },
    meta: model.meta,
  };
  return { header, body: Buffer.concat([buckets, idf, weights, bias]) };
}

export function deserializeModel(header: ArtifactHeader, body: Buffer): LinearModel {
  if (header.format !== 'kefu-linear' || header.version !== 1)
    throw new Error('unsupported model format');
  const s = header.sections;
  const k = header.labels.length;
  let p = 0;
  const slice = (len: number) => {
    const b = body.subarray(p, p + len);
    p += len;
    return Buffer.from(b);
  };
  const buckets = decodeBuckets(slice(s.buckets), header.nRows);
  const idfRaw = slice(s.idf);
  const idfQ = new Uint16Array(idfRaw.buffer, idfRaw.byteOffset, header.nRows);
  const idf = new Float32Array(header.nRows);
  for (let i = 0; i < idf.length; i++) idf[i] = idfQ[i] / 2000;
  const wRaw = slice(s.weights);
  const q = new Int16Array(wRaw.buffer, wRaw.byteOffset, header.nRows * k);
  const W = new Float32Array(q.length);
  for (let r = 0, i = 0; r < header.nRows; r++)
    for (let c = 0; c < k; c++, i++) W[i] = q[i] * header.scales[c];
  const bRaw = slice(s.bias);
  const bias = new Float32Array(bRaw.buffer, bRaw.byteOffset, k).slice();
  return {
    labels: header.labels,
    vec: makeVectorizer(header.features, buckets, idf, header.unseenIdf),
    weights: { W, bias, nClasses: k },
    temperature: header.temperature,
    offsets: Float32Array.from(header.offsets),
    meta: header.meta,
  };
}

/** Writes `<base>.json` and `<base>.bin`; `base` has no extension. */
export function saveModel(model: LinearModel, base: string): void {
  const { header, body } = serializeModel(model);
  writeFileSync(`${base}.json`, `${JSON.stringify(header, null, 1)}\n`);
  writeFileSync(`${base}.bin`, body);
}

export function loadModel(base: string): LinearModel {
  const header = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as ArtifactHeader;
  return deserializeModel(header, readFileSync(`${base}.bin`));
}
