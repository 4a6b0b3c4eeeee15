package dev.activityfhir.server.auth;

import java.time.Instant;

/**
 * What an authorization code stands for until it is exchanged.
 *
 * @param request the authorization request it answers (client, redirect URI, PKCE challenge, nonce)
 * @param user who signed in
 * @param authTime when they did ({@code auth_time})
 */
record IssuedCode(AuthorizationRequest request, UserAccount user, Instant authTime) {}
