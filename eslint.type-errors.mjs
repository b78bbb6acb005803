// TypeScript's own errors as a lint rule, so that `npm test` needs no separate `tsc` run.
//
// Type-aware lint already builds one TypeScript program per tsconfig and checks most of it for
// its rules; asking that same program for its diagnostics costs little more, where a separate
// `tsc -p` for each tsconfig would build and check everything again. `npm run typecheck` still
// runs `tsc` alone.
//
// Each linted file gets its own syntactic and semantic errors. A program also checks files that
// lint sees under another tsconfig (the tab's program pulls in contract/ and the bot through the
// screenshot script, with the tab's stricter libraries and module resolution); their errors, and
// the program's option and global errors, are reported once, on the first file linted with that
// program, each prefixed with the file and position it belongs to.
import path from 'node:path';
import ts from 'typescript';

/** Programs whose once-per-program errors have been reported in this lint run. */
const reported = new WeakSet();

function messageOf(diagnostic) {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}

/** ESLint's location (1-based line, 0-based column) of a diagnostic in its own file. */
function locationOf(diagnostic) {
  if (!diagnostic.file || diagnostic.start === undefined) return { line: 1, column: 0 };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { line: line + 1, column: character };
}

/** Errors only: TypeScript's suggestions and messages are not failures of `tsc`. */
function errorsOnly(diagnostics) {
  return diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
}

/** The errors of a program that no per-file report covers: options, globals, others' files. */
function programWideErrors(program, cwd) {
  const ownConfig = program.getCompilerOptions().configFilePath;
  const own = typeof ownConfig === 'string' ? path.resolve(ownConfig) : undefined;
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of program.getSourceFiles()) {
    // Not isSourceFileFromExternalLibrary: the workspaces' own sources (contract/) count as
    // external when imported by package name, and tsc checks them.
    if (program.isSourceFileDefaultLibrary(file) || file.fileName.includes('/node_modules/'))
      continue;
    // A file's own program is that of its nearest tsconfig.json, as the project service picks it.
    const nearest = ts.findConfigFile(path.dirname(file.fileName), ts.sys.fileExists);
    if (nearest !== undefined && path.resolve(nearest) === own) continue;
    diagnostics.push(
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    );
  }
  return errorsOnly(diagnostics).map((d) => {
    if (!d.file) return messageOf(d);
    const { line, column } = locationOf(d);
    const where = path.relative(cwd, d.file.fileName).split(path.sep).join('/');
    return `${where}:${line}:${column + 1}: ${messageOf(d)}`;
  });
}

const errorsRule = {
  meta: {
    type: 'problem',
    docs: { description: "Reports TypeScript's compile errors, as `tsc -p` would." },
    schema: [],
  },
  create(context) {
    const program = context.sourceCode.parserServices?.program;
    if (!program) return {};
    return {
      Program() {
        if (!reported.has(program)) {
          reported.add(program);
          for (const message of programWideErrors(program, context.cwd)) {
            context.report({ loc: { line: 1, column: 0 }, message });
          }
        }
        const file = program.getSourceFile(context.physicalFilename);
        if (!file) return;
        const diagnostics = errorsOnly([
          ...program.getSyntacticDiagnostics(file),
          ...program.getSemanticDiagnostics(file),
        ]);
        for (const diagnostic of diagnostics) {
          context.report({ loc: locationOf(diagnostic), message: messageOf(diagnostic) });
        }
      },
    };
  },
};

export const typescriptPlugin = { rules: { errors: errorsRule } };
