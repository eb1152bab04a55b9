/** qdakit as a library. */
export * from './model/types.js';
export * from './model/errors.js';
export * from './model/codepoints.js';
export { VERSION } from './version.js';
export { renderTables, renderTable, type TableFormat } from './export/render-table.js';
export { writeFileAtomic } from './export/write-file-atomic.js';
export * from './codebook/index.js';
export { readCodebook, readCodebookWithDiagnostics, resolveCodebook, listBuiltinCodebooks, builtinCodebookDir, type ReadCodebookOptions, type CodebookSource } from './ingest/read-codebook.js';
export { renderCodebookMarkdown } from './export/codebook-md.js';
export { renderCodebookHtml, renderCodebookHtmlBody } from './export/codebook-html.js';
export { renderCodebookDocx } from './export/codebook-docx.js';
export { renderCodebookLatex } from './export/codebook-latex.js';
export { renderCodebookCsv } from './export/codebook-csv.js';
export { renderCodebookQdc } from './export/codebook-qdc.js';
export { codebookAppendix, type CodebookAppendix, type AppendixSection, type AppendixRow, type AppendixColumn } from './export/codebook-sections.js';
export { computeMatrix, type MatrixOptions, type MatrixMeasure } from './analysis/matrix.js';
export { computeCooccurrence, type CooccurrenceOptions, type CooccurrenceResult } from './analysis/cooccurrence.js';
export { compareGroups, type CompareOptions, type CompareResult, type CodeComparison, type LadderStanding } from './analysis/compare.js';
export {
  computeAgreement,
  type AgreementOptions,
  type AgreementResult,
  percentAgreement,
  cohenKappa,
  scottPi,
  fleissKappa,
  brennanPrediger,
  gwetAC1,
  krippendorffAlphaNominal,
  BinaryAgreement,
} from './analysis/agreement.js';
export { fisherExact } from './analysis/fisher.js';
export { computeSaturation, type SaturationOptions, type SaturationResult, type SaturationSeries, type SaturationPoint, type SaturationLevel } from './analysis/saturation.js';
export { guestSaturation, type GuestVerdict, type GuestOptions, type GuestRatio } from './analysis/saturation-guest.js';
export { permutationBand, packBitsets, type PermutationBand, type PermutationOptions } from './analysis/saturation-permutations.js';
export { saturationTables, saturationMethodsText } from './analysis/saturation-text.js';
export { chao2, chao2FromFrequencies, type Chao2Estimate } from './analysis/richness.js';
export { mulberry32, shuffleInPlace, seedFrom, type Rng } from './analysis/prng.js';
export { renderSaturationSvg, type SaturationChartOptions } from './export/chart-saturation.js';
export { renderBarChartSvg, type BarChartInput } from './export/chart-bar.js';
export { renderHeatmapSvg, type HeatmapInput } from './export/chart-heatmap.js';
export { svgToPng, type SvgToPngOptions } from './export/svg-to-png.js';
export { compileCodebook, atomsForWord, type CompiledCodebook, type CompiledRule, type CompiledTerm } from './coding/compile-codebook.js';
export { applyCodebook, RuleCoder, segmentsBySource, type ApplyOptions } from './coding/apply-codebook.js';
export { codeCorpus, codebookCodeRefs, learnAndSuggest, ruleFeatures, rulesLanguages, CODINGS_SCHEMA_URL, type CodeCorpusOptions, type ImportedCodings } from './coding/code-corpus.js';
export { codeRulesParallel, shouldParallelise, PARALLEL_MIN_CHARS, type ParallelOptions } from './coding/parallel.js';
export { trainModel, predict, evaluateHeldOut, outOfFold, tune, makeFeaturizer, prf, type Model, type Example, type Quality, type Prediction, type LearnOptions, type Tuned } from './coding/learn.js';
export { extractHumanCodings, mapImportedCodings, codeResolver, type HumanCodingsResult } from './coding/human-codings.js';
export { findMarkers, markerMask, labelKey, type Marker } from './coding/markers.js';
export { tokenize, tokenizeCodePoints, fold, scanTypes, TypeTable, TokenBuffer, type Token } from './coding/tokenize.js';
export { readCorpus, type ReadCorpusOptions } from './ingest/read-corpus.js';
export { readCorpusStream, findProject, type CorpusItem, type ReadCorpusStreamOptions } from './ingest/read-corpus-stream.js';
export { readSource, SOURCE_EXTENSIONS, type ReadSourceResult } from './ingest/read-source.js';
export { readProject, type ProjectConfig } from './ingest/read-project.js';
export { readCases, applyCases, type CaseTable, type CaseRow } from './ingest/read-cases.js';
export { segmentSource, splitSentences, splitParagraphs, type SegmentOptions } from './ingest/segment.js';
export { parseBlocks, splitFrontMatter, type Block } from './ingest/parse-blocks.js';
export { decodeBytes, type Decoded } from './ingest/decode.js';
export { parseSubtitles, subtitlesToTranscript, type Cue } from './ingest/parse-subtitles.js';
export { roleOf, DEFAULT_INTERVIEWERS } from './ingest/roles.js';
export { buildRefiProject, zipRefiProject, toLf, type RefiExportOptions, type RefiProjectFiles } from './export/refi-project.js';
export { writeRefiProject, writeRefiImport, refiCasesCsv } from './export/refi-write.js';
export { refiGuid } from './export/refi-guid.js';
export { readRefiProject, parseRefiProject, type RefiImport, type RefiImportOptions, type RefiCase } from './ingest/read-refi.js';
export { DEFAULT_ZIP_LIMITS, type ZipLimits } from './ingest/refi-zip.js';
export { Pseudonymiser, guessLanguage, type PseudonymiseOptions, type KeyEntry, type NameEntry, type Edit as PseudonymEdit, type PseudonymisedText } from './privacy/pseudonymise.js';
export { isValidBsn, isValidIban, findPatterns, type Finding, type IdentifierKind } from './privacy/patterns.js';
export { findHeuristicNames, findSpeakerLabels, isRoleLabel } from './privacy/names.js';
export { makeOffsetMapper, remapCodings } from './privacy/remap.js';
export { readGuide, parseGuide } from './ingest/read-guide.js';
export { mapToGuide, guideMatcher, jaroWinkler, type Guide, type GuidePart, type GuideQuestion, type GuideMapping, type QuestionMatch } from './analysis/guide.js';
export { buildLabelschema, type LabelschemaOptions, type LabelschemaRow, type LabelschemaResult } from './analysis/labelschema.js';
export { buildCodeAppendix, quoteAnchor, cleanQuote, type AppendixDocument, type AppendixSection as AppendixDocumentSection, type CodeAppendixOptions } from './analysis/appendix.js';
export { resultsSkeleton, skeletonMarkdown, groupNoun, type ResultsSkeleton, type SkeletonGroup, type SkeletonLine } from './analysis/results-skeleton.js';
export { renderAppendix, type AppendixFormat } from './export/appendix-render.js';
export { renderReportHtml, REPORT_SECTION_IDS, type ReportInput, type ReportOutput } from './export/report-html.js';
export { readCodings, parseCodingsJson, parseCodingsCsv } from './ingest/read-codings.js';
export { codeSources, planCoding, WORKERS_MIN_BYTES, STREAM_AHEAD_BYTES, type CodeSourcesOptions, type CodingsSink, type CodingSummary, type CodingPlan, type PipelineHead } from './pipeline/code-sources.js';
export { codeToFile, codeToDocument, documentSink, collectSink, csvSink, csvFileSink } from './pipeline/sinks.js';
export type { PieceKind, SourceJob, SourceResult, SourceParts, SourceJobContext } from './pipeline/source-job.js';
export { CODINGS_SCHEMA_VERSION, RuleIndex, encodeSource, decodeSource, type RuleEntry, type DocumentHead, type EncodedSource } from './model/codings-format.js';
export { CodingsDocumentWriter, renderCodingsDocument, codingsDocumentText, sourcePiece, documentHead, type CodingsDocumentFormat } from './export/codings-document.js';
export { codingsTable, attributeColumns, evidenceText, csvParts } from './export/codings-csv.js';
export { explainCodings } from './export/codings-explain.js';
export { ruleIndexFor } from './coding/rule-index.js';
export { parseCodingsJsonl, readCodingsJsonFile, readCodingsJsonlFile, checkSchemaVersion, type ReadCodingsDocumentOptions } from './ingest/read-codings-document.js';
