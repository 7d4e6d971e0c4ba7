import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import type { Logger } from '../core/log';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';

/**
 * Registers the project's search attributes on a self-hosted Temporal that lacks them (docker compose, a
 * fresh cluster). The dev server gets them as flags; Temporal Cloud manages them in its own console, so a
 * refusal here is a warning, not a failure.
 */
export async function ensureSearchAttributes(connection: NativeConnection, namespace: string, log: Logger): Promise<void> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
    const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !known.has(k.name));
    if (missing.length === 0) return;
    const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((k) => [k.name, KEYWORD])),
    });
    log.info({ added: missing.map((k) => k.name) }, 'registered search attributes');
  } catch (err) {
    log.warn({ err: String(err) }, 'could not check or register search attributes; register them yourself (see README)');
  }
}
