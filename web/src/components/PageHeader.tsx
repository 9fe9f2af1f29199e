import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { usePageTitle } from './use-page-title.ts'

/** The page's one h1 (and the tab title), with an optional line under it and actions on the right. */
export function PageHeader({ title, lead, actions, crumbs }: { title: string; lead?: ReactNode; actions?: ReactNode; crumbs?: ReactNode }) {
  const { t } = useTranslation()
  usePageTitle(title)
  return (
    <div className="page-header">
      {crumbs ? (
        <nav className="crumbs" aria-label={t('layout.breadcrumb')}>
          {crumbs}
        </nav>
      ) : null}
      <div className="page-header-row">
        <div>
          <h1>{title}</h1>
          {lead ? <p className="lead">{lead}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </div>
  )
}
