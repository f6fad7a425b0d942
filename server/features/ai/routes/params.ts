/** Path parameters shared by the AI routes. */
import { notFound } from '../../../core/errors.ts';
import { pathId } from '../../../core/http/schemas.ts';

/** The id in a path, or 404 naming what was not found when it is not an id. */
export const idOr404 = (raw: string, what: string) => {
  const id = pathId(raw);
  if (!id) throw notFound(what);
  return id;
};
