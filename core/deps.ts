import type { Client } from '@temporalio/client';
import type { Db } from '../db/create-db';

/** What the core reads and starts things in: the database and Temporal. The API's dependencies include these. */
export interface CoreDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
}
