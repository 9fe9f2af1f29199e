import { type ReactNode, useId } from 'react'

/**
 * A titled section of a page (a chart, a table). Its heading names the region for screen readers,
 * and the actions (Unduh CSV, a metric switch) sit next to the title.
 */
export function Panel({
  title,
  subtitle,
  actions,
  children,
  busy,
  className,
  headingLevel = 2,
}: {
  title: string
  subtitle?: ReactNode
  actions?: ReactNode
  children: ReactNode
  busy?: boolean
  className?: string
  headingLevel?: 2 | 3
}) {
  const id = useId()
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id} aria-busy={busy || undefined}>
      <header className="panel-header">
        <div>
          <Heading id={id} className="panel-title">
            {title}
          </Heading>
          {subtitle ? <p className="panel-subtitle">{subtitle}</p> : null}
        </div>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  )
}
