/**
 * Who may call the API: roles, the principal a token stands for, token minting and hashing, and the
 * rule that says which role each request needs. Pure Java (no Vert.x, no database): the API applies
 * it, the store keeps the hashes.
 */
package io.cronwheel.auth;
