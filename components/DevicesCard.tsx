import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import type { DeviceCode, MyDevices } from '@/model/admin';
import { attempt, failureText } from './attempt';
import { CopyLink } from './CopyLink';
import { dateText, relativeTime } from './format';
import { t } from './i18n';

/** Every member's own devices: see them, sign one out, make a code to add another. */
export function DevicesCard({ api }: { api: ApiClient }) {
  const [devices, setDevices] = useState<MyDevices['devices'] | null>(null);
  const [code, setCode] = useState<DeviceCode | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = () =>
    api.request('myDevices', {}).then(
      (r) => setDevices(r.devices),
      (err: unknown) => setStatus(failureText(err)),
    );
  useEffect(() => void load(), [api]);
  return (
    <section class="card" data-testid="my-devices">
      <h2>{t('devices.title')}</h2>
      <p class="muted">{t('devices.intro')}</p>
      <ul class="list">
        {devices?.map((d) => (
          <li key={d.id} data-testid="device-row" data-device-id={d.id} class="spread">
            <span>
              <strong>{d.label || t('devices.unnamed')}</strong>
              {d.current && <span class="pill">{t('devices.this')}</span>}
              <br />
              <small class="muted">
                {t('devices.joined', { when: relativeTime(d.createdAt) })}
                {d.lastUsedAt !== null && ` · ${t('devices.lastUsed', { when: relativeTime(d.lastUsedAt) })}`}
              </small>
            </span>
            <button
              type="button"
              data-testid="device-revoke"
              onClick={() => {
                const label = d.label || t('devices.unnamed');
                if (!confirm(d.current ? t('devices.revokeThisConfirm') : t('devices.revokeConfirm', { label }))) return;
                void attempt(() => api.request('revokeDevice', { deviceId: d.id }), '', setStatus).then(load);
              }}
            >
              {t('devices.revoke')}
            </button>
          </li>
        ))}
      </ul>
      {devices?.length === 0 && <p class="muted">{t('devices.none')}</p>}
      <p>
        <button
          type="button"
          data-testid="device-code-create"
          onClick={() => void attempt(() => api.request('makeDeviceCode', {}), '', setStatus).then((c) => c && setCode(c))}
        >
          {t('devices.add')}
        </button>
      </p>
      {code && (
        <>
          <p>{t('devices.codeIntro', { until: dateText(code.expiresAt, 'dayTime') })}</p>
          <CopyLink link={code.inviteLink} testid="device-code-link" />
        </>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
