import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';

export interface AdminSettings {
  adminRoleIds: string[];
  adminUserIds: string[];
  ownerUserIds: string[];
}

export interface Invoker {
  userId: string;
  /** The member's permissions in the channel; null outside a guild. */
  permissions: Readonly<PermissionsBitField> | null;
  /** Role ids of the member; empty outside a guild. */
  roleIds: readonly string[];
}

/** Manage Server (in the server the command runs in), one of the roles or users the settings name as admins, or an operator. */
export function isAdmin(invoker: Invoker, settings: AdminSettings): boolean {
  return (
    invoker.permissions?.has(PermissionFlagsBits.ManageGuild) === true ||
    settings.adminUserIds.includes(invoker.userId) ||
    settings.ownerUserIds.includes(invoker.userId) ||
    invoker.roleIds.some((role) => settings.adminRoleIds.includes(role))
  );
}
