import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type { APIApplicationCommand, APIAttachment, APIMessage, RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import { Router } from './http.ts';
import type { RouteRequest, RouteResponse, UploadedFile } from './http.ts';
import type { RequestRules } from './rules.ts';
import { emptyMessage, invalidFormBody, isEmptyMessage, validateMessageBody } from './validate.ts';
import { snowflake } from './world.ts';
import type { InteractionRecord, MessageFields, World } from './world.ts';

const ok = (body: unknown): RouteResponse => ({ status: 200, body });
const noContent: RouteResponse = { status: 204 };
const error = (status: number, code: number, message: string): RouteResponse => ({ status, body: { message, code } });

const unknownChannel = error(404, 10003, 'Unknown Channel');
const missingAccess = error(403, 50001, 'Missing Access');
const unknownMessage = error(404, 10008, 'Unknown Message');
const unknownUser = error(404, 10013, 'Unknown User');
const unknownWebhook = error(404, 10015, 'Unknown Webhook');
const unknownInteraction = error(404, 10062, 'Unknown interaction');
const alreadyAcknowledged = error(400, 40060, 'Interaction has already been acknowledged.');
const invalidWebhookToken = error(401, 50027, 'Invalid Webhook Token');

/** Discord refuses a message that would show nothing (rule messageLimits). */
const refusedAsEmpty = (fields: MessageFields, rules: RequestRules) => isEmptyMessage(fields) && rules.breaks('messageLimits', 'the message would be empty');

type ListedAttachment = { id: string | number; filename?: string; description?: string };

/**
 * Turns a body's `attachments` plus uploaded `files[n]` into attachment objects, hosting the bytes so the
 * URLs work. Undefined means "leave the attachments as they are" (an edit that does not mention them).
 */
function resolveAttachments(world: World, listed: ListedAttachment[] | undefined, files: UploadedFile[], existing: APIAttachment[]): APIAttachment[] | undefined {
  const uploads = new Map(files.map((f) => [/\[(\d+)\]$/.exec(f.key)?.[1] ?? f.key, f]));
  const host = (file: UploadedFile, listing?: ListedAttachment): APIAttachment => {
    uploads.delete(/\[(\d+)\]$/.exec(file.key)?.[1] ?? file.key);
    const attachment = world.hostFile(listing?.filename ?? file.name, file.data, file.contentType);
    return listing?.description ? { ...attachment, description: listing.description } : attachment;
  };
  if (listed === undefined) return files.length ? [...existing, ...files.map((f) => host(f))] : undefined;
  const kept = listed.flatMap((a) => {
    const old = existing.find((e) => e.id === String(a.id));
    if (old) return [old];
    const upload = uploads.get(String(a.id));
    return upload ? [host(upload, a)] : [];
  });
  return [...kept, ...[...uploads.values()].map((f) => host(f))];
}

function fieldsFrom(world: World, body: Record<string, unknown>, files: UploadedFile[], existing: APIAttachment[] = []): MessageFields {
  const fields: MessageFields = {};
  if (body.content !== undefined) fields.content = body.content as string | null;
  if (body.embeds !== undefined) fields.embeds = body.embeds as MessageFields['embeds'];
  if (body.components !== undefined) fields.components = body.components as MessageFields['components'];
  if (typeof body.flags === 'number') fields.flags = body.flags;
  if (typeof body.tts === 'boolean') fields.tts = body.tts;
  const attachments = resolveAttachments(world, body.attachments as ListedAttachment[] | undefined, files, existing);
  if (attachments !== undefined) fields.attachments = attachments;
  return fields;
}

function interactionMetadata(world: World, rec: InteractionRecord): Partial<APIMessage> {
  return {
    webhook_id: world.applicationId,
    application_id: world.applicationId,
    interaction_metadata: {
      id: rec.id,
      type: rec.type,
      user: rec.user,
      authorizing_integration_owners: {},
    },
  } as Partial<APIMessage>;
}

function withoutLoading(message: APIMessage): APIMessage {
  return { ...message, flags: (message.flags ?? 0) & ~MessageFlags.Loading };
}

export function createRestRouter(world: World, gatewayUrl: string): Router {
  const router = new Router();
  const interactionByToken = (token: string) => [...world.interactions.values()].find((i) => i.token === token);

  router
    .on('GET', '/gateway', () => ok({ url: gatewayUrl }))
    .on('GET', '/gateway/bot', () =>
      ok({
        url: gatewayUrl,
        shards: world.recommendedShards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: world.maxConcurrency },
      }),
    )
    .on('GET', '/users/@me', () => ok(world.botUser))
    .on('POST', '/users/@me/channels', ({ body }) => {
      const recipient = world.users.get(String(body?.recipient_id));
      return recipient ? ok(world.dmChannelFor(recipient)) : unknownUser;
    })
    .on('GET', '/users/:userId', ({ params }) => {
      const found = world.users.get(params.userId!);
      return found ? ok(found) : unknownUser;
    })
    .on('GET', '/applications/@me', () => ok(world.application()));

  const commandRoutes = (scope: (params: Record<string, string>) => string | null) => {
    const put = ({ params, body }: RouteRequest): RouteResponse => {
      const key = scope(params);
      if (key === null) return missingAccess;
      const previous = world.commands.get(key) ?? [];
      const saved = (body as RESTPutAPIApplicationCommandsJSONBody).map((command) => ({
        type: 1,
        options: [],
        default_member_permissions: null,
        nsfw: false,
        description_localizations: null,
        name_localizations: null,
        ...command,
        id: previous.find((p) => p.name === command.name)?.id ?? world.commandId(key, command.name),
        application_id: world.applicationId,
        version: snowflake(),
        ...(key === 'global' ? {} : { guild_id: key }),
      })) as APIApplicationCommand[];
      world.commands.set(key, saved);
      return ok(saved);
    };
    const get = ({ params }: RouteRequest): RouteResponse => {
      const key = scope(params);
      return key === null ? missingAccess : ok(world.commands.get(key) ?? []);
    };
    return { put, get };
  };
  const ownApp = (params: Record<string, string>) => params.applicationId === world.applicationId;
  const global = commandRoutes((p) => (ownApp(p) ? 'global' : null));
  const inGuild = (guildId: string) => world.joinedGuilds.some((g) => g.id === guildId);
  const guild = commandRoutes((p) => (ownApp(p) && inGuild(p.guildId!) ? p.guildId! : null));
  router
    .on('PUT', '/applications/:applicationId/commands', global.put)
    .on('GET', '/applications/:applicationId/commands', global.get)
    .on('PUT', '/applications/:applicationId/guilds/:guildId/commands', guild.put)
    .on('GET', '/applications/:applicationId/guilds/:guildId/commands', guild.get);

  /** Once the bot has left a guild, Discord answers Missing Access for its channels. */
  const outOfReach = (channelId: string) => world.guildOfChannel(channelId)?.joined === false;
  /** A channel the bot can reach, or Discord's answer. */
  const reachable = (channelId: string): RouteResponse | null => {
    if (!world.channel(channelId)) return unknownChannel;
    return outOfReach(channelId) ? missingAccess : null;
  };

  router
    .on('GET', '/channels/:channelId', ({ params }) => reachable(params.channelId!) ?? ok(world.channel(params.channelId!)))
    .on('POST', '/channels/:channelId/typing', ({ params }) => reachable(params.channelId!) ?? noContent)
    .on('POST', '/channels/:channelId/messages', ({ params, body, files, rules }) => {
      const channelId = params.channelId!;
      const unreachable = reachable(channelId);
      if (unreachable) return unreachable;
      const invalid = validateMessageBody(body ?? {}, rules);
      if (invalid) return invalid;
      const reference = body?.message_reference as { message_id?: string; fail_if_not_exists?: boolean } | undefined;
      const referenced = reference?.message_id ? world.messages.get(reference.message_id) : undefined;
      // Relaxed, the reply goes out as a plain message, as with fail_if_not_exists: false.
      if (
        reference?.message_id &&
        !referenced &&
        reference.fail_if_not_exists !== false &&
        rules.breaks('replyToDeleted', `a reply to message ${reference.message_id}, which does not exist (any more), without fail_if_not_exists: false`)
      ) {
        return invalidFormBody([{ path: ['message_reference'], code: 'REPLIES_UNKNOWN_MESSAGE', message: 'Unknown message' }]);
      }
      const fields = fieldsFrom(world, body ?? {}, files);
      if (refusedAsEmpty(fields, rules)) return emptyMessage;
      const message = world.message({
        channelId,
        author: world.botUser,
        type: referenced ? MessageType.Reply : MessageType.Default,
        fields,
        extra: referenced ? world.replyTo(referenced) : {},
      });
      return ok(message);
    })
    .on('GET', '/channels/:channelId/messages/:messageId', ({ params }) => {
      if (outOfReach(params.channelId!)) return missingAccess;
      const message = world.messages.get(params.messageId!);
      return message?.channel_id === params.channelId ? ok(message) : unknownMessage;
    })
    .on('PATCH', '/channels/:channelId/messages/:messageId', ({ params, body, files, rules }) => {
      if (outOfReach(params.channelId!)) return missingAccess;
      const message = world.messages.get(params.messageId!);
      if (!message || message.channel_id !== params.channelId) return unknownMessage;
      if (message.author.id !== world.botUser.id) return error(403, 50005, 'Cannot edit a message authored by another user');
      return editMessage(message, body, files, rules);
    })
    .on('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
      if (outOfReach(params.channelId!)) return missingAccess;
      const message = world.messages.get(params.messageId!);
      if (!message || message.channel_id !== params.channelId) return unknownMessage;
      world.messages.delete(message.id);
      return noContent;
    });

  const editMessage = (message: APIMessage, body: Record<string, unknown> | null, files: UploadedFile[], rules: RequestRules, prefix: string[] = []): RouteResponse => {
    const invalid = validateMessageBody(body ?? {}, rules, prefix);
    if (invalid) return invalid;
    // Flags such as Ephemeral are fixed when a message is created; an edit cannot change them.
    const { flags: _flags, ...fields } = fieldsFrom(world, body ?? {}, files, message.attachments);
    const edited = world.edited(message, fields);
    if (refusedAsEmpty(edited, rules)) return emptyMessage;
    world.messages.set(edited.id, edited);
    return ok(edited);
  };

  /** Milliseconds since the interaction was created, on the stand-in's clock. */
  const ageOf = (rec: InteractionRecord) => world.clock.now() - rec.createdAt;
  const expired = (rec: InteractionRecord, rules: RequestRules) => {
    const age = ageOf(rec);
    return age > world.interactionTokenLifetimeMs && rules.breaks('tokenLifetime', `the token of interaction ${rec.id} was used ${age} ms after its creation (valid for ${world.interactionTokenLifetimeMs} ms)`);
  };

  router.on('POST', '/interactions/:interactionId/:token/callback', ({ params, query, body, files, rules }) => {
    const rec = world.interactions.get(params.interactionId!);
    if (!rec || rec.token !== params.token) return unknownInteraction;
    if (rec.callbackType !== null) return alreadyAcknowledged;
    // Past the deadline Discord has invalidated the token: the interaction is unknown from then on.
    const age = ageOf(rec);
    if (age > world.interactionDeadlineMs && rules.breaks('interactionDeadline', `the first response to interaction ${rec.id} came ${age} ms after its creation (allowed: ${world.interactionDeadlineMs} ms)`)) {
      return unknownInteraction;
    }
    if (expired(rec, rules)) return unknownInteraction;
    const type = body?.type as number;
    const data = (body?.data ?? {}) as Record<string, unknown>;
    const isComponent = rec.type === InteractionType.MessageComponent || rec.type === InteractionType.ModalSubmit;
    let message: APIMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const invalid = validateMessageBody(data, rules, ['data']);
        if (invalid) return invalid;
        const fields = fieldsFrom(world, data, files);
        if (refusedAsEmpty(fields, rules)) return emptyMessage;
        message = world.message({
          channelId: rec.channelId,
          author: world.botUser,
          type: rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
          fields,
          extra: interactionMetadata(world, rec),
        });
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource:
        message = world.message({
          channelId: rec.channelId,
          author: world.botUser,
          type: rec.type === InteractionType.ApplicationCommand ? MessageType.ChatInputCommand : MessageType.Default,
          fields: { flags: (Number(data.flags ?? 0) & MessageFlags.Ephemeral) | MessageFlags.Loading },
          extra: interactionMetadata(world, rec),
        });
        break;
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        const source = rec.sourceMessageId ? world.messages.get(rec.sourceMessageId) : undefined;
        if (!isComponent || !source) return error(400, 40004, 'This interaction has no message to update');
        if (type === InteractionResponseType.DeferredMessageUpdate) {
          message = source;
          break;
        }
        const edited = editMessage(source, data, files, rules, ['data']);
        if (edited.status !== 200) return edited;
        message = edited.body as APIMessage;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        if (rec.type !== InteractionType.ApplicationCommandAutocomplete) return error(400, 40004, 'Autocomplete results answer autocomplete interactions only');
        break;
      case InteractionResponseType.Modal:
        break;
      default:
        return {
          status: 400,
          body: { message: 'Invalid Form Body', code: 50035, errors: { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value must be one of the supported response types, not ${String(type)}.` }] } } },
        };
    }
    rec.callbackType = type;
    rec.originalMessageId = message?.id ?? null;
    if (query.get('with_response') !== 'true') return noContent;
    return ok({
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: ((message.flags ?? 0) & MessageFlags.Loading) !== 0,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      resource: { type, ...(message && type !== InteractionResponseType.DeferredMessageUpdate ? { message } : {}) },
    });
  });

  const webhookInteraction = (params: Record<string, string>) =>
    params.applicationId === world.applicationId ? interactionByToken(params.token!) : undefined;
  const webhookMessage = (params: Record<string, string>, rules: RequestRules): APIMessage | RouteResponse => {
    const rec = webhookInteraction(params);
    if (!rec) return unknownWebhook;
    if (expired(rec, rules)) return invalidWebhookToken;
    const id = params.messageId === '@original' ? rec.originalMessageId : params.messageId!;
    const message = id && (id === rec.originalMessageId || rec.messageIds.has(id)) ? world.messages.get(id) : undefined;
    return message ?? unknownMessage;
  };
  const isResponse = (value: APIMessage | RouteResponse): value is RouteResponse => 'status' in value;

  router
    .on('POST', '/webhooks/:applicationId/:token', ({ params, query, body, files, rules }) => {
      const rec = webhookInteraction(params);
      if (!rec || rec.callbackType === null) return unknownWebhook;
      if (expired(rec, rules)) return invalidWebhookToken;
      const invalid = validateMessageBody(body ?? {}, rules);
      if (invalid) return invalid;
      const fields = fieldsFrom(world, body ?? {}, files);
      if (refusedAsEmpty(fields, rules)) return emptyMessage;
      const message = world.message({ channelId: rec.channelId, author: world.botUser, fields, extra: interactionMetadata(world, rec) });
      rec.messageIds.add(message.id);
      return query.get('wait') === 'true' ? ok(message) : noContent;
    })
    .on('GET', '/webhooks/:applicationId/:token/messages/:messageId', ({ params, rules }) => {
      const message = webhookMessage(params, rules);
      return isResponse(message) ? message : ok(message);
    })
    .on('PATCH', '/webhooks/:applicationId/:token/messages/:messageId', ({ params, body, files, rules }) => {
      const message = webhookMessage(params, rules);
      return isResponse(message) ? message : editMessage(withoutLoading(message), body, files, rules);
    })
    .on('DELETE', '/webhooks/:applicationId/:token/messages/:messageId', ({ params, rules }) => {
      const message = webhookMessage(params, rules);
      if (isResponse(message)) return message;
      world.messages.delete(message.id);
      return noContent;
    });

  return router;
}
