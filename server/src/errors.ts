/** The collector's error shape: { error: <reason code>, message: <plain words naming the field> }. */

export interface ErrorBody {
  error: string;
  message: string;
}

export class HttpError extends Error {
  readonly body: ErrorBody;
  constructor(
    readonly statusCode: number,
    code: string,
    message: string,
  ) {
    super(message);
    this.body = { error: code, message };
  }
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/tipsAdopted/3" -> "tipsAdopted[3]". */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** Turns the first ajv error into a reason code and a message that names the field. */
export function validationProblem(issues: readonly AjvIssue[], context: string): ErrorBody {
  const issue = issues[0];
  const where = context === 'querystring' ? 'query parameter' : context === 'params' ? 'path parameter' : 'field';
  if (!issue) return { error: 'invalid_field', message: `Invalid ${context}.` };
  const base = fieldOf(issue.instancePath);
  const join = (name: string): string => (base ? `${base}.${name}` : name);
  switch (issue.keyword) {
    case 'required': {
      const name = join(String(issue.params.missingProperty));
      return { error: 'missing_field', message: `Missing ${where} '${name}'.` };
    }
    case 'additionalProperties': {
      const name = join(String(issue.params.additionalProperty));
      return { error: 'unknown_field', message: `Unknown ${where} '${name}' is not allowed.` };
    }
    default: {
      if (!base && issue.keyword === 'type') {
        return { error: 'invalid_body', message: `The ${context === 'body' ? 'body' : context} must be a JSON object.` };
      }
      return { error: 'invalid_field', message: `The ${where} '${base}' ${issue.message ?? 'is invalid'}.` };
    }
  }
}
