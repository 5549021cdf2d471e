import { EventEmitter, once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import type { ApplicationFlags, GatewayReadyDispatchData, GatewaySendPayload } from 'discord.js';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { snowflake } from './world.ts';
import type { World } from './world.ts';

export interface GatewaySession {
  id: string;
  intents: number;
  /** `[shard id, shard count]` from IDENTIFY; `[0, 1]` for a client that does not shard. */
  shard: [number, number];
}

/**
 * Where a dispatch goes: the guild it happens in (null for a DM), or `'all'` for an event that belongs to no
 * guild and goes to every session.
 */
export type DispatchRoute = string | null | 'all';

/** The shard Discord sends a guild's events to: `(guild_id >> 22) % shard_count`. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether a session receives the events of `route`: its guilds' (by the sharding formula), and DMs on shard 0 only. */
export function sessionOwns(session: GatewaySession, route: DispatchRoute): boolean {
  if (route === 'all') return true;
  const [id, count] = session.shard;
  return route === null ? id === 0 : shardOfGuild(route, count) === id;
}

interface Connection {
  socket: WebSocket;
  seq: number;
  session: GatewaySession | null;
}

/**
 * The WebSocket half of the stand-in: HELLO, IDENTIFY → READY (+ a GUILD_CREATE per guild), heartbeat ACKs and
 * dispatches. Frames are always plain JSON text: @discordjs/ws parses text frames as JSON even when it
 * asked for zlib-stream, so compression never needs emulating.
 *
 * Sharding as Discord does it: a client that IDENTIFYs with `shard: [id, count]` gets READY and GUILD_CREATE for
 * the guilds with `(guild_id >> 22) % count === id` only, and the dispatches of those guilds; DMs go to shard 0.
 * A shard id outside `0..count-1` is closed with 4010 (Invalid shard).
 */
export class Gateway {
  /** Every payload clients sent, in order (IDENTIFY, heartbeats, presence updates...). */
  readonly received: GatewaySendPayload[] = [];
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<Connection>();
  private readonly events = new EventEmitter();
  /** Sessions by id, so that a client can resume one on a new connection. */
  private readonly sessionsById = new Map<string, GatewaySession>();

  constructor(
    private readonly world: World,
    readonly url: string,
  ) {
    this.server.on('connection', (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit('connection', ws, request));
  }

  /**
   * Identified sessions that receive `route`'s events (every session for `'all'`), waiting up to `timeoutMs`
   * for the first one: with sharded clients, for the shard that has the guild (or shard 0, for a DM).
   */
  async sessions(timeoutMs: number, route: DispatchRoute = 'all'): Promise<GatewaySession[]> {
    const signal = AbortSignal.timeout(timeoutMs);
    while (!this.identified(route).length) {
      await once(this.events, 'identified', { signal }).catch(() => {
        const connected = this.identified('all').map((c) => `[${c.session!.shard.join(', ')}]`);
        const which = route === 'all' ? 'client' : route === null ? 'client on shard 0 (which gets DMs)' : `client on the shard of guild ${route}`;
        throw new Error(
          `No discord.js ${which} identified on the stand-in gateway within ${timeoutMs} ms ` +
            (connected.length ? `(identified shards: ${connected.join(', ')})` : '(did the test call client.login()?)'),
        );
      });
    }
    return this.identified(route).map((c) => c.session!);
  }

  /**
   * Sends a dispatch to each identified session that receives `route`'s events and that `build` returns data
   * for; returns how many got it.
   */
  dispatch(event: GatewayDispatchEvents, build: (session: GatewaySession) => unknown, route: DispatchRoute = 'all'): number {
    let delivered = 0;
    for (const connection of this.identified(route)) {
      const data = build(connection.session!);
      if (data === null) continue;
      this.send(connection, { op: GatewayOpcodes.Dispatch, t: event, s: ++connection.seq, d: data });
      delivered++;
    }
    return delivered;
  }

  /** Closes every connection with `code` (4000, Unknown error, is one discord.js resumes after). */
  drop(code: number): void {
    for (const { socket } of this.connections) socket.close(code, 'Dropped by the Discord stand-in');
  }

  /**
   * Closes with 4004 because @discordjs/ws reconnects after any recoverable close code, and a client the
   * test forgot to destroy would then retry against a closed port for ever, keeping the process alive.
   */
  async close(): Promise<void> {
    await Promise.all(
      [...this.connections].map(async ({ socket }) => {
        const closed = once(socket, 'close');
        socket.close(GatewayCloseCodes.AuthenticationFailed, 'Discord stand-in closed');
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 200).unref())]);
        socket.terminate();
      }),
    );
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private identified(route: DispatchRoute): Connection[] {
    return [...this.connections].filter((c) => c.session !== null && c.socket.readyState === c.socket.OPEN && sessionOwns(c.session, route));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = { socket, seq: 0, session: null };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    const params = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    if (params.get('v') !== '10') return socket.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    if ((params.get('encoding') ?? 'json') !== 'json') return socket.close(GatewayCloseCodes.DecodeError, 'Only encoding=json is supported');
    socket.on('message', (raw) => this.receive(connection, raw.toString()));
    this.send(connection, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.world.heartbeatIntervalMs } });
  }

  private receive(connection: Connection, raw: string): void {
    let payload: GatewaySendPayload;
    try {
      payload = JSON.parse(raw) as GatewaySendPayload;
    } catch {
      return connection.socket.close(GatewayCloseCodes.DecodeError, 'Decode error');
    }
    this.received.push(payload);
    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        return this.send(connection, { op: GatewayOpcodes.HeartbeatAck });
      case GatewayOpcodes.Identify:
        if (connection.session) return connection.socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated');
        if (this.world.token !== undefined && payload.d.token !== this.world.token) {
          return connection.socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed');
        }
        return this.ready(connection, Number(payload.d.intents), payload.d.shard ?? [0, 1]);
      case GatewayOpcodes.Resume:
        return this.resume(connection, payload.d);
      case GatewayOpcodes.RequestGuildMembers:
        return this.membersChunk(connection, payload.d);
      default:
        if (!connection.session) connection.socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated');
    }
  }

  /**
   * A client that took its connection for a zombie (a heartbeat not acknowledged in time, which a busy test
   * machine causes at short heartbeat intervals) resumes its session; Discord answers RESUMED. Events are
   * only ever dispatched to open connections, so there is nothing to replay. An unknown session is invalid,
   * and discord.js then identifies afresh (after waiting 1 to 5 s, as Discord asks).
   */
  private resume(connection: Connection, request: { token: string; session_id: string; seq: number }): void {
    const session = this.sessionsById.get(request.session_id);
    if (connection.session || !session || (this.world.token !== undefined && request.token !== this.world.token)) {
      return this.send(connection, { op: GatewayOpcodes.InvalidSession, d: false });
    }
    connection.session = session;
    connection.seq = request.seq;
    this.send(connection, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Resumed, s: ++connection.seq, d: {} });
    this.events.emit('identified');
  }

  private ready(connection: Connection, intents: number, shard: [number, number]): void {
    const [shardId, shardCount] = shard;
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
      return connection.socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard');
    }
    const session: GatewaySession = { id: snowflake(), intents, shard: [shardId, shardCount] };
    connection.session = session;
    this.sessionsById.set(session.id, session);
    const guilds = this.world.joinedGuilds.filter((g) => sessionOwns(session, g.id));
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: this.world.botUser,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: session.shard,
      application: { id: this.world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
    this.send(connection, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.Ready, s: ++connection.seq, d: ready });
    // Without the Guilds intent Discord sends no GUILD_CREATE, and discord.js does not wait for one.
    if (intents & GatewayIntentBits.Guilds) {
      for (const guild of guilds) this.send(connection, { op: GatewayOpcodes.Dispatch, t: GatewayDispatchEvents.GuildCreate, s: ++connection.seq, d: guild.guildCreate() });
    }
    this.events.emit('identified');
  }

  private membersChunk(connection: Connection, request: { guild_id: string; query?: string; user_ids?: string | string[]; nonce?: string; limit?: number }): void {
    const ids = request.user_ids === undefined ? null : [request.user_ids].flat();
    // Anybody the stand-in knows is a member of every guild it has.
    const guild = this.world.joinedGuilds.find((g) => g.id === request.guild_id);
    const members = guild
      ? [...this.world.users.values()]
          .filter((u) => (ids ? ids.includes(u.id) : u.username.startsWith(request.query ?? '')))
          .slice(0, request.limit || undefined)
          .map((u) => guild.member(u))
      : [];
    this.send(connection, {
      op: GatewayOpcodes.Dispatch,
      t: GatewayDispatchEvents.GuildMembersChunk,
      s: ++connection.seq,
      d: { guild_id: request.guild_id, members, chunk_index: 0, chunk_count: 1, not_found: ids?.filter((id) => !this.world.users.has(id)) ?? [], nonce: request.nonce },
    });
  }

  private send(connection: Connection, payload: object): void {
    connection.socket.send(JSON.stringify(payload));
  }
}
