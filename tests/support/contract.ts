import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';

/** The project's own copy of the client contract (`contract/` at the repo's root). */
export const CONTRACT_DIR = resolve(__dirname, '../../contract');

/** Contract documents that do not validate yet; tests/contract fails once one of them does. */
export const PENDING_CONTRACT_FILES: readonly string[] = [];

/**
 * One operation of the client contract (contract/<file>), verbatim: the tests send
 * exactly what the storefront, clienteling app and operations send.
 */
export function contractOperation(file: string, name: string): string {
  const doc = parse(readFileSync(resolve(CONTRACT_DIR, file), 'utf8'));
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!op) throw new Error(`no operation ${name} in ${file}`);
  return print(op);
}
