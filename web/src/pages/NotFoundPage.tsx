import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { PageHeader } from '../components/PageHeader.tsx'
import { EmptyState } from '../components/States.tsx'

/**
 * "Not found": an address Jangkau does not have, or (with the props) a thing it does not know, such as
 * an article id the API answered 404 for; then the text is the API's own and the way back leads to
 * the list the thing belongs to.
 */
export default function NotFoundPage({ title, text, back }: { title?: string; text?: string; back?: { to: string; label: string } }) {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={title ?? t('notFound.title')} />
      <EmptyState
        title={text ?? t('notFound.text')}
        action={
          <Link className="button" to={back?.to ?? '/ringkasan'}>
            {back?.label ?? t('notFound.back')}
          </Link>
        }
      />
    </>
  )
}
