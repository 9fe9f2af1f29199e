import { createContext, useContext, useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import type { MeAnswer } from '@jangkau/shared'
import { useLogoutMutation } from '../api/use-logout-mutation.ts'
import { useMeQuery } from '../api/use-me-query.ts'
import { FILTER_KEYS } from '../data/filters.ts'
import { isAdmin } from '../data/roles.ts'
import { setLang } from '../i18n/index.ts'
import { useLang } from '../i18n/use-lang.ts'
import { Skeleton } from './Skeleton.tsx'
import { ErrorState } from './States.tsx'

/** The signed-in person, for pages below the Layout (which only renders them once it is known). */
const MeContext = createContext<MeAnswer['user'] | null>(null)
export function useMe(): MeAnswer['user'] {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe outside the signed-in layout')
  return me
}

const NAV = [
  { to: '/ringkasan', key: 'overview' },
  { to: '/wilayah', key: 'regions' },
  { to: '/kategori', key: 'categories' },
  { to: '/artikel', key: 'articles' },
  { to: '/kim', key: 'kim' },
  { to: '/laporan', key: 'report' },
  { to: '/ekspor', key: 'export' },
] as const

/** Only the filter params travel between pages: the period and regencies chosen stay chosen. */
function filterSearch(search: string): string {
  const from = new URLSearchParams(search)
  const next = new URLSearchParams()
  for (const key of Object.values(FILTER_KEYS)) {
    const v = from.get(key)
    if (v) next.set(key, v)
  }
  const s = next.toString()
  return s ? `?${s}` : ''
}

/**
 * The frame of every signed-in page: skip link, banner with navigation, the main landmark, footer.
 * It is also the gate: nobody signed in goes to /masuk, with "session expired" when that is why.
 */
export function Layout() {
  const { t } = useTranslation()
  const me = useMeQuery()
  const location = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  const shownPath = useRef(location.pathname)
  // On a phone the navigation and tools fold behind "Menu" (styles.css); on wider screens the button
  // is hidden and the menu always shown.
  const [menuOpen, setMenuOpen] = useState(false)
  const menuId = useId()
  const menuButtonRef = useRef<HTMLButtonElement>(null)

  // After a page change move focus to the main region, so keyboard and screen reader users start
  // at the new content instead of the top of the navigation. Not on first load, not on filter changes.
  useEffect(() => {
    if (shownPath.current === location.pathname) return
    shownPath.current = location.pathname
    setMenuOpen(false) // a link in the phone menu was followed: the page, not the menu, is what comes next
    mainRef.current?.focus({ preventScroll: false })
  }, [location.pathname])

  if (me.isPending) {
    return (
      <div className="boot" aria-busy="true">
        <Skeleton height={24} width={200} />
      </div>
    )
  }
  if (me.isError) {
    if (me.error.status === 401) {
      const params = new URLSearchParams()
      if (me.error.code === 'session_expired') params.set('alasan', 'sesi-berakhir')
      const here = location.pathname + location.search
      if (here !== '/' && here !== '/ringkasan') params.set('kembali', here)
      const qs = params.toString()
      return <Navigate to={`/masuk${qs ? `?${qs}` : ''}`} replace />
    }
    return (
      <main className="boot">
        <ErrorState error={me.error} what={t('auth.yourAccount')} onRetry={() => void me.refetch()} />
      </main>
    )
  }
  const user = me.data.user
  const search = filterSearch(location.search)
  return (
    <MeContext.Provider value={user}>
      <a className="skip-link" href="#konten">
        {t('layout.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            J
          </span>
          <span className="brand-text">
            <span className="brand-name">Jangkau</span>
            <span className="brand-sub">{t('layout.org')}</span>
          </span>
        </div>
        <button
          type="button"
          ref={menuButtonRef}
          className="button ghost small menu-button"
          aria-expanded={menuOpen}
          aria-controls={menuId}
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">{menuOpen ? '✕' : '☰'}</span> {t('layout.menu')}
        </button>
        {/* Escape closes the phone menu and returns to its button. */}
        {/* biome-ignore lint/a11y/noStaticElementInteractions: the keys come from the links and buttons inside */}
        <div
          id={menuId}
          className={`topbar-menu${menuOpen ? ' open' : ''}`}
          onKeyDown={(event) => {
            if (event.key !== 'Escape' || !menuOpen) return
            setMenuOpen(false)
            menuButtonRef.current?.focus()
          }}
        >
          <nav className="mainnav" aria-label={t('layout.nav')}>
            <ul>
              {NAV.map((item) => (
                <li key={item.to}>
                  <NavLink to={{ pathname: item.to, search }} onClick={() => setMenuOpen(false)}>
                    {t(`nav.${item.key}`)}
                  </NavLink>
                </li>
              ))}
              {isAdmin(user) ? (
                <li>
                  <NavLink to="/admin" onClick={() => setMenuOpen(false)}>
                    {t('nav.admin')}
                  </NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="topbar-tools">
            <LanguageSwitch />
            <UserMenu name={user.name} role={user.role} />
          </div>
        </div>
      </header>
      <main id="konten" ref={mainRef} tabIndex={-1} className="content">
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </MeContext.Provider>
  )
}

export function LanguageSwitch() {
  const { t } = useTranslation()
  const lang = useLang()
  const other = lang === 'id' ? 'en' : 'id'
  return (
    <button
      type="button"
      className="button ghost small"
      lang={other}
      onClick={() => void setLang(other)}
      aria-label={t('layout.switchLanguage')}
    >
      {other === 'en' ? 'English' : 'Bahasa Indonesia'}
    </button>
  )
}

function UserMenu({ name, role }: { name: string; role: string }) {
  const { t } = useTranslation()
  const logout = useLogoutMutation()
  const navigate = useNavigate()
  return (
    <div className="user-menu">
      <span className="user-name">
        {name} <span className="user-role">({t(`role.${role as 'admin'}`)})</span>
      </span>
      <button
        type="button"
        className="button secondary small"
        disabled={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/masuk?alasan=keluar', { replace: true }) })}
      >
        {t('auth.logout')}
      </button>
    </div>
  )
}
