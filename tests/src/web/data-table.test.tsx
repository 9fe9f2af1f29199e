// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { initI18n } from '../../../web/src/i18n/index.ts'
import { DataTable, type DataTableProps } from '../../../web/src/tables/DataTable.tsx'

interface Row {
  key: string
  name: string
  views: number
}

// Types through DataTable's props: the tests package does not depend on @tanstack/react-table itself.
type SortingState = NonNullable<DataTableProps<Row>['sorting']>
type PaginationState = NonNullable<DataTableProps<Row>['pagination']>
const columns: DataTableProps<Row>['columns'] = [
  { accessorKey: 'name', header: 'Wilayah' },
  { accessorKey: 'views', header: 'Tayangan', meta: { align: 'right' }, sortDescFirst: true },
]
const rows: Row[] = [
  { key: '64.08', name: 'Kutai Timur', views: 493 },
  { key: '64.02', name: 'Kutai Kartanegara', views: 1200 },
  { key: '64.03', name: 'Berau', views: 80 },
]

/** The text of the first cell of every body row, top to bottom. */
function firstColumn(): string[] {
  const table = screen.getByRole('table')
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]!.textContent ?? '')
}

beforeAll(async () => {
  await initI18n('id')
})

afterEach(() => cleanup())

describe('DataTable (client-side)', () => {
  it('sorts by a header button and says so with aria-sort', () => {
    render(<DataTable caption="Kabupaten" columns={columns} data={rows} getRowId={(r) => r.key} paged={false} />)
    expect(firstColumn()).toEqual(['Kutai Timur', 'Kutai Kartanegara', 'Berau'])
    const viewsHeader = screen.getByRole('columnheader', { name: /Tayangan/ })
    expect(viewsHeader.getAttribute('aria-sort')).toBe('none')

    fireEvent.click(within(viewsHeader).getByRole('button'))
    expect(viewsHeader.getAttribute('aria-sort')).toBe('descending') // numbers start with the largest
    expect(firstColumn()).toEqual(['Kutai Kartanegara', 'Kutai Timur', 'Berau'])

    fireEvent.click(within(viewsHeader).getByRole('button'))
    expect(viewsHeader.getAttribute('aria-sort')).toBe('ascending')
    expect(firstColumn()).toEqual(['Berau', 'Kutai Timur', 'Kutai Kartanegara'])

    // The right-aligned column keeps its class on cells too.
    expect(screen.getByRole('cell', { name: '1200' }).className).toBe('align-right')
  })

  it('pages through rows and resets to the first page when the order changes', () => {
    const many = Array.from({ length: 23 }, (_, i) => ({ key: String(i), name: `Desa ${String(i + 1).padStart(2, '0')}`, views: i }))
    render(<DataTable caption="Desa" columns={columns} data={many} getRowId={(r) => r.key} initialPageSize={10} />)
    expect(firstColumn()).toHaveLength(10)
    expect(screen.getByText('Halaman 1 dari 3 · 23 baris')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Sebelumnya' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(screen.getByRole('button', { name: 'Berikutnya' }))
    fireEvent.click(screen.getByRole('button', { name: 'Berikutnya' }))
    expect(firstColumn()).toEqual(['Desa 21', 'Desa 22', 'Desa 23'])
    expect((screen.getByRole('button', { name: 'Berikutnya' }) as HTMLButtonElement).disabled).toBe(true)

    fireEvent.click(within(screen.getByRole('columnheader', { name: /Tayangan/ })).getByRole('button'))
    expect(screen.getByText('Halaman 1 dari 3 · 23 baris')).toBeTruthy()
    expect(firstColumn()[0]).toBe('Desa 23')
  })

  it('shows the empty state and skeleton rows', () => {
    const { rerender } = render(<DataTable caption="Kosong" columns={columns} data={[]} empty={<p>Belum ada data. Tambahkan KIM.</p>} />)
    expect(screen.getByText('Belum ada data. Tambahkan KIM.')).toBeTruthy()
    expect(screen.queryByRole('navigation')).toBeNull() // no pager without rows
    rerender(<DataTable caption="Kosong" columns={columns} data={[]} loading />)
    expect(screen.getByRole('table').getAttribute('aria-busy')).toBe('true')
    expect(screen.getByText('Memuat…')).toBeTruthy()
  })
})

describe('DataTable (server-side)', () => {
  it('hands sorting and paging to the caller and shows the rows it is given', () => {
    const sortCalls: SortingState[] = []
    const pageCalls: PaginationState[] = []
    const page = rows.slice(0, 2)
    const { rerender } = render(
      <DataTable
        caption="Artikel"
        columns={columns}
        data={page}
        manual
        rowCount={45}
        sorting={[{ id: 'name', desc: false }]}
        onSortingChange={(s) => sortCalls.push(s)}
        pagination={{ pageIndex: 0, pageSize: 10 }}
        onPaginationChange={(p) => pageCalls.push(p)}
      />,
    )
    // The page is shown as given (the server sorted it), not re-sorted in the browser.
    expect(firstColumn()).toEqual(['Kutai Timur', 'Kutai Kartanegara'])
    expect(screen.getByText('Halaman 1 dari 5 · 45 baris')).toBeTruthy()

    fireEvent.click(within(screen.getByRole('columnheader', { name: /Tayangan/ })).getByRole('button'))
    fireEvent.click(within(screen.getByRole('columnheader', { name: /Wilayah/ })).getByRole('button'))
    expect(sortCalls).toEqual([[{ id: 'views', desc: true }], [{ id: 'name', desc: true }]])

    fireEvent.click(screen.getByRole('button', { name: 'Berikutnya' }))
    fireEvent.change(screen.getByRole('combobox', { name: 'Baris per halaman' }), { target: { value: '50' } })
    expect(pageCalls).toEqual([
      { pageIndex: 1, pageSize: 10 },
      { pageIndex: 0, pageSize: 50 },
    ])

    // The caller answers with the last page: "Berikutnya" is then disabled.
    rerender(
      <DataTable
        caption="Artikel"
        columns={columns}
        data={page}
        manual
        rowCount={45}
        sorting={[{ id: 'name', desc: false }]}
        onSortingChange={(s) => sortCalls.push(s)}
        pagination={{ pageIndex: 4, pageSize: 10 }}
        onPaginationChange={(p) => pageCalls.push(p)}
      />,
    )
    expect(screen.getByText('Halaman 5 dari 5 · 45 baris')).toBeTruthy()
    expect((screen.getByRole('button', { name: 'Berikutnya' }) as HTMLButtonElement).disabled).toBe(true)
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Sebelumnya' }))
    })
    expect(pageCalls.at(-1)).toEqual({ pageIndex: 3, pageSize: 10 })
  })
})
