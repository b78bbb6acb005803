/**
 * The coordinator's editing of the guide texts: the list with ETags, a save on the ETag read
 * (a conflicting save is refused with the stored text, nothing is lost), the history of one
 * text, and the card a draft would make, drawn by the bot's own card code. Storage and the
 * cards are ports; the clock is injected.
 */
import {
  isContentKey,
  isContentSection,
  parseContentFields,
  type ContentChange,
  type ContentEntry,
  type ContentFields,
  type ContentSection,
} from '@yhdistysyhteistyo/contract/content';
import type { Locale } from '@yhdistysyhteistyo/contract/i18n';
import { NotFoundError } from './errors';

export interface ContentStorePort {
  entries(): Promise<readonly ContentEntry[]>;
  entry(section: ContentSection, key: string): Promise<ContentEntry | undefined>;
  /** Throws StaleVersionError (with the stored text) when `etag` is not current. */
  replace(
    section: ContentSection,
    key: string,
    fields: ContentFields,
    etag: string,
    change: { readonly at: Date; readonly by: string },
  ): Promise<ContentEntry>;
  history(section: ContentSection, key: string): Promise<readonly ContentChange[]>;
}

/** The card the bot would show for one text with these fields. */
export type ContentCardPreview = (
  section: ContentSection,
  key: string,
  fields: ContentFields,
  locale: Locale,
) => Promise<unknown>;

export interface ContentServiceDeps {
  readonly store: ContentStorePort;
  readonly preview: ContentCardPreview;
  readonly clock: () => Date;
}

export interface ContentRef {
  readonly section: ContentSection;
  readonly key: string;
}

/** The section and key of a text, or NotFoundError for anything that is not one. */
export function contentRef(section: unknown, key: unknown): ContentRef {
  if (!isContentSection(section) || !isContentKey(section, key)) throw new NotFoundError();
  return { section, key: key as string };
}

export class ContentService {
  constructor(private readonly deps: ContentServiceDeps) {}

  list(): Promise<readonly ContentEntry[]> {
    return this.deps.store.entries();
  }

  async get(ref: ContentRef): Promise<ContentEntry> {
    const found = await this.deps.store.entry(ref.section, ref.key);
    if (!found) throw new NotFoundError();
    return found;
  }

  /** Validates and saves; `by` is the editor's address, kept in the history for the audit. */
  save(ref: ContentRef, input: unknown, etag: string, by: string): Promise<ContentEntry> {
    const fields = parseContentFields(ref.section, input);
    return this.deps.store.replace(ref.section, ref.key, fields, etag, {
      at: this.deps.clock(),
      by,
    });
  }

  history(ref: ContentRef): Promise<readonly ContentChange[]> {
    return this.deps.store.history(ref.section, ref.key);
  }

  /** The card of a draft, validated as a save would be (throws ZodError on bad input). */
  preview(ref: ContentRef, input: unknown, locale: Locale): Promise<unknown> {
    return this.deps.preview(ref.section, ref.key, parseContentFields(ref.section, input), locale);
  }
}
