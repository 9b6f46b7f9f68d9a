/** What an entity's resolvers receive from the gateway: its key alone. */
export interface EntityRef { id: string }
