// Minha conta → Sessões (`#sessoes`): where the user is signed in (this browser first and marked),
// each other session with its own "Encerrar", and one button for all the others. The device is
// named from the browser's User-Agent (user-agent-summary.ts); an unusual one is shown as sent.
// The full User-Agent is only the device's tooltip: it is for the curious, the name says enough.
import type { OwnSession } from '../../../modules/accounts/own-sessions.js'
import { TableWrap } from '../components/table-wrap.js'
import { CsrfField } from '../form-field.js'
import { formatDateTime } from '../format.js'
import { t } from '../i18n/pt-BR.js'
import type { PageContext } from '../page-context.js'
import { deviceName } from '../user-agent-summary.js'

const ts = t.ownPassword.sessions

export function OwnSessionsCard({ ctx, sessions }: { ctx: PageContext; sessions: OwnSession[] }) {
  const tz = ctx.session.timeZone
  const others = sessions.filter((session) => !session.current)
  return (
    <section class="card" aria-labelledby="sessoes">
      <h2 id="sessoes">{ts.heading}</h2>
      <p class="muted">{ts.intro}</p>
      <TableWrap labelledBy="sessoes">
        <table class="table" aria-labelledby="sessoes">
          <thead>
            <tr>
              <th scope="col">{ts.device}</th>
              <th scope="col">{ts.address}</th>
              <th scope="col">{ts.signedIn}</th>
              <th scope="col">{ts.lastActive}</th>
              <th scope="col">{t.common.actions}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => {
              const device = deviceName(session.userAgent)
              const lastActive = formatDateTime(session.lastSeenAt, tz)
              return (
                <tr>
                  {/* The row's header: a screen reader names each cell by its device, this one's first. */}
                  <th scope="row" title={session.userAgent ?? undefined}>
                    {device}
                    {session.current && <> <span class="badge ok">{ts.current}</span></>}
                  </th>
                  <td>{session.ipAddress ?? <span class="muted">{ts.unknownAddress}</span>}</td>
                  <td>{formatDateTime(session.createdAt, tz)}</td>
                  <td>{lastActive}</td>
                  <td>
                    {session.current ? (
                      <span class="muted">{ts.signOutHere}</span>
                    ) : (
                      <form method="post" action={`/account/sessions/${session.handle}/end`}>
                        <CsrfField token={ctx.csrfToken} />
                        <button type="submit" class="button ghost" aria-label={ts.endLabel(device, lastActive)}>{ts.end}</button>
                      </form>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableWrap>
      {others.length === 0 ? (
        <p class="muted">{ts.onlyThis}</p>
      ) : (
        <form method="post" action="/account/sessions/end-others">
          <CsrfField token={ctx.csrfToken} />
          <p class="muted">{ts.endOthersHint}</p>
          <div class="form-actions">
            <button type="submit" class="button secondary">{ts.endOthers}</button>
          </div>
        </form>
      )}
    </section>
  )
}
