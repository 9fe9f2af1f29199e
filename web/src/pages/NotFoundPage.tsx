import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { PageHeader } from '../components/PageHeader.tsx'
import { EmptyState } from '../components/States.tsx'

export default function NotFoundPage() {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <EmptyState
        title={t('notFound.text')}
        action={
          <Link className="button" to="/ringkasan">
            {t('notFound.back')}
          </Link>
        }
      />
    </>
  )
}
