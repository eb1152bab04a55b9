/** Codebooks: schema, parsing, validation, helpers (pure). */
export * from './types.js';
export { BUILTIN_CODEBOOK_IDS, BUILTIN_LADDER_LEVELS, isBuiltinCodebookId, type BuiltinCodebookId } from './builtins.js';
export { parseCodebook, parseCodebookWithDiagnostics, detectCodebookFormat, MAX_CODEBOOK_CHARS, type ParseCodebookOptions, type ParsedCodebook, type CodebookFormat } from './parse-codebook.js';
export { validateCodebook, type ValidateCodebookOptions } from './validate-codebook.js';
export { checkRegexSafety, type RegexSafety } from './regex-safety.js';
export { serializeCodebook, codebookToInputForm } from './serialize-codebook.js';
export { codebookToCodeRefs } from './code-refs.js';
export { localise, localiseList } from './localise.js';
export { codeTree, flattenTree, childrenByParent, topLevelCategory, ancestors, type CodeTreeNode } from './tree.js';
export { CODEBOOK_SCHEMA } from './schema.js';
