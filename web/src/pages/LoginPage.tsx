import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { localMessage } from '../api/client.ts'
import { useLoginMutation } from '../api/use-login-mutation.ts'
import { useMeQuery } from '../api/use-me-query.ts'
import { LanguageSwitch } from '../components/Layout.tsx'
import { usePageTitle } from '../components/use-page-title.ts'
import { safeReturnPath } from '../data/roles.ts'
import { useLang } from '../i18n/use-lang.ts'

/** /masuk. `?alasan=sesi-berakhir` says the session expired; `?kembali=/path` is where to go after. */
export default function LoginPage() {
  const { t } = useTranslation()
  const lang = useLang()
  usePageTitle(t('auth.title'))
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const me = useMeQuery()
  const login = useLoginMutation()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const ids = { email: useId(), password: useId(), error: useId() }
  const reason = params.get('alasan')
  const next = safeReturnPath(params.get('kembali')) ?? '/ringkasan'

  if (me.isSuccess) return <Navigate to={next} replace />

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ email: email.trim(), password }, { onSuccess: () => navigate(next, { replace: true }) })
  }

  let errorText: string | null = null
  if (login.error) {
    errorText =
      login.error.status === 401
        ? t('auth.wrongCredentials')
        : login.error.status === 429
          ? t('auth.tooManyAttempts')
          : login.error.code === 'network_error'
            ? t('error.network')
            : localMessage(login.error.message, lang)
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <main id="konten" className="login-card">
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true">
            J
          </span>
          <span className="brand-text">
            <span className="brand-name">Jangkau</span>
            <span className="brand-sub">{t('layout.org')}</span>
          </span>
        </div>
        <h1>{t('auth.title')}</h1>
        {reason === 'sesi-berakhir' ? (
          <p className="notice warning" role="alert">
            {t('auth.sessionExpired')}
          </p>
        ) : reason === 'keluar' ? (
          <p className="notice" role="status">
            {t('auth.signedOut')}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate aria-describedby={errorText ? ids.error : undefined}>
          <div className="field">
            <label htmlFor={ids.email}>{t('auth.email')}</label>
            <input
              id={ids.email}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={login.isError || undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('auth.password')}</label>
            <input
              id={ids.password}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={login.isError || undefined}
            />
          </div>
          {errorText ? (
            <p id={ids.error} className="field-error" role="alert">
              {errorText}
            </p>
          ) : null}
          <button type="submit" className="button wide" disabled={login.isPending || !email || !password}>
            {login.isPending ? t('auth.signingIn') : t('auth.submit')}
          </button>
        </form>
      </main>
    </div>
  )
}
