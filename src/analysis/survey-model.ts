import type { LocalisedText } from '../model/types.js';

/**
 * The questionnaire side of a mixed-methods study, as plain data: the responses (one row per
 * respondent) and the spec that says what the columns mean (scales, reversed items, missing-value
 * codes, the dimension each item measures per instrument). `src/ingest/read-survey.ts` reads
 * both; `computeSurvey` (survey.ts) turns them into statistics.
 */

export interface SurveyScale {
  readonly min: number;
  readonly max: number;
  /** The neutral point (default (min + max) / 2): 2 on 0–4, 0 on −2…+2. */
  readonly midpoint: number;
  /** A named scale of the spec (`scales:`), for messages. */
  readonly name?: string;
}

export interface SurveyItemSpec {
  readonly label?: LocalisedText;
  readonly scale?: SurveyScale;
  /** Negatively worded: scored min + max − value before dimension scores. */
  readonly reversed?: boolean;
  /** Extra missing-value codes for this item. */
  readonly missing?: readonly string[];
  /** The data column holding this item (default: the item's own name). */
  readonly column?: string;
}

export interface SurveyDimensionSpec {
  readonly id: string;
  readonly label?: LocalisedText;
  /** Item references per instrument (`{coaches: [4H, 4O], organisaties: [4F]}`), or one list for every instrument. */
  readonly items: Readonly<Record<string, readonly string[]>> | readonly string[];
  /** The code whose codings explain this dimension (default: the dimension's id). */
  readonly code?: string;
  /** A topic grouping dimensions (e.g. the parent code), for the overview charts. */
  readonly topic?: string;
  readonly topicLabel?: LocalisedText;
  /** Where it was declared (spec file line, or `codebook ID`), for messages. */
  readonly origin?: string;
}

export interface SurveyInstrumentSpec {
  readonly id: string;
  /** Values of the group column that answered this questionnaire. */
  readonly groups: readonly string[];
  /** This instrument's own item specs (same column name, another question). */
  readonly items?: Readonly<Record<string, SurveyItemSpec>>;
}

export interface SurveySpec {
  /** The spec file as shown in messages. */
  readonly file?: string;
  /** Column holding the group (default: group, groep, team). */
  readonly group?: string;
  /** Column holding a respondent id (for messages; default: respondent, id, respondent_id if present). */
  readonly id?: string;
  /** Group values in the order to show them, with display names. */
  readonly groups?: ReadonlyArray<{ readonly value: string; readonly label?: LocalisedText }>;
  readonly instruments?: readonly SurveyInstrumentSpec[];
  /** Default scale of every item (default 0–4, midpoint 2). */
  readonly scale?: SurveyScale;
  /** Values counted as missing in every item (empty cells always are). */
  readonly missing?: readonly string[];
  /** Share of a dimension's items a respondent must have answered to get a score (default 0.5). */
  readonly minAnswered?: number;
  /** A codebook (id or file) whose codes' `meta.items` give the dimensions. */
  readonly codebook?: string;
  /** Columns that describe the respondent (team, region …), not items: not scored and not warned about. */
  readonly attributes?: readonly string[];
  readonly items?: Readonly<Record<string, SurveyItemSpec>>;
  readonly dimensions?: readonly SurveyDimensionSpec[];
}

export interface SurveyRow {
  /** The data file as shown. */
  readonly file: string;
  /** 1-based line of the row in the CSV, or its row number in the sheet (XLSX). */
  readonly line: number;
  /** 1-based data row (header excluded) within its file. */
  readonly row: number;
  /** Cells by column name (a column absent from this row's file is absent here). */
  readonly cells: Readonly<Record<string, string>>;
}

export interface SurveyTable {
  readonly files: readonly string[];
  /** All column names, in order of first appearance. */
  readonly columns: readonly string[];
  /** Per file: its columns, and the spreadsheet column letter of each for XLSX (for cell addresses). */
  readonly fileColumns: Readonly<Record<string, { readonly columns: readonly string[]; readonly letters?: Readonly<Record<string, string>> }>>;
  readonly rows: readonly SurveyRow[];
}
