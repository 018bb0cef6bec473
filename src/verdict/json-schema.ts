import { z } from 'zod';
import { Verdict } from './schema.js';

/** The verdict contract as JSON Schema (draft 2020-12), generated from the zod schemas. */
export function verdictJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Verdict, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: 'https://crossign.dev/schema/verdict-1.json', title: 'crossign verdict', ...schema };
}
