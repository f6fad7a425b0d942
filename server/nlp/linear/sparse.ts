/** Compressed sparse rows: the training matrix. */
export interface Csr {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  nRows: number;
  nCols: number;
}

export interface SparseVec {
  idx: number[];
  val: number[];
}

export function csrFromRows(rows: SparseVec[], nCols: number): Csr {
  let nnz = 0;
  for (const r of rows) nnz += r.idx.length;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let p = 0;
  rows.forEach((r, i) => {
    for (let j = 0; j < r.idx.length; j++, p++) {
      indices[p] = r.idx[j];
      values[p] = r.val[j];
    }
    indptr[i + 1] = p;
  });
  return { indptr, indices, values, nRows: rows.length, nCols };
}

export function selectRows(m: Csr, rows: number[]): Csr {
  const out: SparseVec[] = rows.map((r) => {
    const idx: number[] = [];
    const val: number[] = [];
    for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) {
      idx.push(m.indices[p]);
      val.push(m.values[p]);
    }
    return { idx, val };
  });
  return csrFromRows(out, m.nCols);
}
