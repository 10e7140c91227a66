// Who is logged in, and what their role lets them do. Roles rank read < write < admin.
const RANK = { read: 1, write: 2, admin: 3 };

export const session = {
  name: null,
  role: null,
  authEnabled: false,
  set(who) {
    this.name = who.name;
    this.role = who.role;
    this.authEnabled = Boolean(who.authEnabled);
  },
  can(needed) {
    return (RANK[this.role] || 0) >= RANK[needed];
  },
};
