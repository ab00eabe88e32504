import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** Where a problem code is made: the file and line, for a test's failure message. */
export interface ProblemCodeSite {
  code: string;
  at: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !/\.(spec|d)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** The string values an expression can have when they are all written out (`a ? 'x' : 'y'` gives both). */
function literals(node: ts.Expression): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return [node.text];
  }
  if (ts.isParenthesizedExpression(node)) {
    return literals(node.expression);
  }
  if (ts.isConditionalExpression(node)) {
    const [whenTrue, whenFalse] = [literals(node.whenTrue), literals(node.whenFalse)];
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined;
  }
  return undefined;
}

const isErrorStatus = (node: ts.Expression): boolean =>
  ts.isNumericLiteral(node) && Number(node.text) >= 400 && Number(node.text) < 600;

/**
 * Every problem code the services under `roots` can answer, read from their source: the code beside a literal error status
 * in any call (`new Problem(409, 'illegal-transition', …)`, the kernel's `make(400, 'invalid-value', …)`, a
 * refusal's `refuse(409, 'out-of-sequence', …)`), each `[status, code]` pair (the kernel's Fastify table) and each
 * `'/problems/<code>'` written out. A code that is not written out where it is made
 * (a variable) is reported in `unreadable`, so that a test can refuse it rather than miss a code.
 */
export function collectProblemCodes(
  root: string,
  directories: string[],
): {
  sites: ProblemCodeSite[];
  unreadable: string[];
} {
  const sites: ProblemCodeSite[] = [];
  const unreadable: string[] = [];
  for (const file of directories.flatMap((directory) => sourceFiles(join(root, directory)))) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const at = (node: ts.Node) =>
      `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const add = (node: ts.Expression) => {
      const codes = literals(node);
      if (codes) {
        sites.push(...codes.map((code) => ({ code, at: at(node) })));
      } else {
        unreadable.push(at(node));
      }
    };
    const visit = (node: ts.Node): void => {
      if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && (node.arguments?.length ?? 0) >= 2) {
        const [status, code] = node.arguments as ts.NodeArray<ts.Expression>;
        if (isErrorStatus(status) && literals(code)) {
          add(code);
        } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Problem') {
          add(code);
        }
      } else if (
        ts.isArrayLiteralExpression(node) &&
        node.elements.length >= 2 &&
        isErrorStatus(node.elements[0]) &&
        ts.isStringLiteral(node.elements[1]) &&
        /^[a-z][a-z0-9-]*$/.test(node.elements[1].text)
      ) {
        add(node.elements[1]);
      } else if (
        (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
        /^\/problems\/[a-z][a-z0-9-]*$/.test(node.text)
      ) {
        sites.push({ code: node.text.slice('/problems/'.length), at: at(node) });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { sites, unreadable };
}

/** class-validator decorators that set no rule of their own (conditions, nesting, helpers). */
const NO_RULE = new Set(['IsOptional', 'ValidateIf', 'ValidateNested', 'ValidateBy', 'Validate', 'Allow']);

/**
 * Every validation rule the DTOs under `directories` can break: class-validator's constraint name of each decorator
 * imported from it (`MinLength` → `minLength`, `Length` → `isLength`), and the `name` of each rule made with
 * `ValidateBy({ name })`. A decorator whose constraint name cannot be found is returned as `unknown:<name>`.
 */
export function collectValidationRules(root: string, directories: string[]): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const validator = require('class-validator') as Record<string, unknown>;
  const rules = new Set<string>();
  for (const file of directories.flatMap((directory) => sourceFiles(join(root, directory)))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (
        ts.isImportDeclaration(node) &&
        ts.isStringLiteral(node.moduleSpecifier) &&
        node.moduleSpecifier.text === 'class-validator' &&
        node.importClause?.namedBindings &&
        ts.isNamedImports(node.importClause.namedBindings)
      ) {
        for (const element of node.importClause.namedBindings.elements) {
          const name = (element.propertyName ?? element.name).text;
          if (element.isTypeOnly || !/^[A-Z]/.test(name) || NO_RULE.has(name)) {
            continue;
          }
          if (typeof validator[name] !== 'function' || /^Validat|Metadata|Error$/.test(name)) {
            continue;
          }
          const constant = name === 'Length' ? 'IS_LENGTH' : name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
          const rule = validator[constant];
          rules.add(typeof rule === 'string' ? rule : `unknown:${name}`);
        }
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'ValidateBy') {
        const [options] = node.arguments;
        const nameProperty =
          options && ts.isObjectLiteralExpression(options)
            ? options.properties.find(
                (property): property is ts.PropertyAssignment =>
                  ts.isPropertyAssignment(property) && property.name.getText(source) === 'name',
              )
            : undefined;
        rules.add(
          nameProperty && ts.isStringLiteral(nameProperty.initializer)
            ? nameProperty.initializer.text
            : 'unknown:ValidateBy',
        );
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...rules].sort();
}
