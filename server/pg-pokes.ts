import pg from 'pg';

/** The channel every server process LISTENs on; a notification's payload is a team id only. */
export const POKE_CHANNEL = 'sidenote_poke';

export interface PgPokeRelayOptions {
  /** A team's data changed in some process (this one included): poke its sockets here. */
  onPoke(teamId: string): void;
  /** Listening again after losing the connection: notifications may have been missed, so poke everyone here. */
  onResume(): void;
  /** First wait before reconnecting, doubled up to 5 s. */
  retryMs?: number;
}

/**
 * Pokes across server processes on one PostgreSQL (design.md, "Several server processes"):
 * after a commit a process sends NOTIFY with the team id; each process keeps one dedicated
 * listening connection (not a pooled one) and pokes its own sockets for every notification.
 * When that connection is lost it reconnects, LISTENs again and then pokes every socket it has,
 * since a notification may have been missed meanwhile: clients catch up by version, so a lost
 * poke costs latency, never data.
 */
export class PgPokeRelay {
  private listener: pg.Client | null = null;
  private sender: pg.Pool;
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private wait: number;
  /** How many times the listening connection was (re)established; for tests and logs. */
  connections = 0;

  constructor(
    private readonly databaseUrl: string,
    private readonly options: PgPokeRelayOptions,
  ) {
    this.wait = options.retryMs ?? 200;
    this.sender = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    this.sender.on('error', () => {});
  }

  /** Connects and LISTENs; resolves once listening (rejects if the first connection fails). */
  async start(): Promise<void> {
    await this.listen();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (message) => {
      if (message.channel === POKE_CHANNEL && message.payload) this.options.onPoke(message.payload);
    });
    const lost = () => {
      if (this.listener !== client) return;
      this.listener = null;
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`listen ${POKE_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.connections++;
    this.wait = this.options.retryMs ?? 200;
  }

  private retry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen().then(
        () => {
          if (!this.closed) this.options.onResume();
        },
        (error: unknown) => {
          console.error(`Sidenote could not listen for pokes, retrying: ${error instanceof Error ? error.message : String(error)}`);
          this.wait = Math.min(this.wait * 2, 5_000);
          this.retry();
        },
      );
    }, this.wait);
  }

  /** Tells every process (this one too) that the team changed. Never throws: a lost poke costs latency only. */
  readonly notify = (teamId: string): void => {
    if (this.closed) return;
    this.sender.query('select pg_notify($1, $2)', [POKE_CHANNEL, teamId]).catch((error: unknown) => {
      console.error(`Sidenote could not send a poke: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  /** The backend pid of the listening connection (tests end it with pg_terminate_backend). */
  async listenerPid(): Promise<number | null> {
    const client = this.listener;
    if (!client) return null;
    const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return rows[0]!.pid;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
    await this.sender.end().catch(() => {});
  }
}
