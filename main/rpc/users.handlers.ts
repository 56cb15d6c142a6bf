import { users } from '../../shared/contracts/users.js';
import * as service from '../services/users.js';
import { handle } from './handle.js';

const changed = ['users'];

export const usersHandlers = [
  handle(users.list, (_input, { db }) => service.list(db)),
  handle(users.create, (input, { db, emit }) => {
    const u = service.create(db, input);
    emit('data:changed', { tables: changed });
    return u;
  }),
  handle(users.update, (input, { db, emit }) => {
    const u = service.update(db, input.id, input.patch);
    emit('data:changed', { tables: changed });
    return u;
  }),
  handle(users.remove, (input, { db, emit }) => {
    service.remove(db, input.id);
    emit('data:changed', { tables: changed });
    return { ok: true as const };
  }),
  handle(users.current, (_input, { db }) => service.current(db)),
  handle(users.setCurrent, (input, { db, emit }) => {
    const u = service.setCurrent(db, input.id);
    emit('data:changed', { tables: changed });
    return u;
  }),
];
