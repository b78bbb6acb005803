/**
 * The associations register API. Every route needs `Authorization: Bearer <Teams SSO token>`
 * (401 otherwise); role violations answer 403; errors have the one shape
 * `{error:{code,message,fields?}}` in fi or en by `Accept-Language`.
 *
 *   GET    /api/v1/me                                → MeResponse (domain/people.ts)
 *   GET    /api/v1/associations?cursor&limit&q&unit&category&status&mine&sort
 *                                                    → ListResponse<Association> {items, nextCursor?, total}
 *   POST   /api/v1/associations          AssociationInput → 201 Association (ETag header)
 *   GET    /api/v1/associations/:id                  → Association (ETag header)
 *   PUT    /api/v1/associations/:id      If-Match, AssociationInput → Association
 *   DELETE /api/v1/associations/:id      If-Match    → 204
 *          PUT/DELETE without If-Match → 428 error.preconditionRequired; a stale ETag → 409
 *          {error:{code:'conflict'}, current: Association|null}.
 *          A name already used in one of the same units → 409 {error:{code:'duplicate_name',
 *          fields:{name}}} (a conflict with stored data, like the stale ETag).
 *   GET    /api/v1/associations/export.csv?<list filters> → text/csv; ';'-separated, UTF-8 with BOM
 *   POST   /api/v1/associations/import?dryRun=true  body: raw CSV bytes, Content-Type text/csv
 *                                                    → ImportResult; 400 with errors[{row,field,message}]
 *                                                      when any row is bad (nothing written)
 *   GET    /api/v1/associations/mailing-list?<list filters> → MailingList
 *   GET    /api/v1/associations/:id/history          → HistoryResponse (newest first)
 *   GET    /api/v1/people/export?email=…             → PersonExport (coordinator)
 *   DELETE /api/v1/people?email=…                    → ErasureResult (coordinator)
 *   GET    /api/v1/units, /api/v1/categories         → {items: Unit[]}
 *   POST   /api/v1/units, /api/v1/categories         ReferenceInput (coordinator) → 201 Unit
 *   PUT    /api/v1/units/:id, /api/v1/categories/:id If-Match, ReferenceInput (coordinator)
 *   DELETE /api/v1/units/:id, /api/v1/categories/:id If-Match (coordinator; 409 when in use)
 *   GET    /api/v1/roles                             → {items: RoleAssignment[]}
 *   PUT    /api/v1/roles/:upn                        RoleAssignmentInput (coordinator) → RoleAssignment
 *   DELETE /api/v1/roles/:upn                        (coordinator) → 204
 *
 * Development only (DEV_AUTH, loopback): GET /dev/users, POST /dev/token {"upn"} → {token,
 * expiresAt}, GET /dev/jwks.json. With DEV_AUTH off these answer 404.
 */
export {};
