import { z } from "@hono/zod-openapi";

/** RFC 9457 problem details, as documented in the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

/** An OpenAPI error answer: its description and the problem+json body. */
export const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemSchema } } });
