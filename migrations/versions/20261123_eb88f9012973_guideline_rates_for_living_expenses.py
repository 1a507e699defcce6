"""guideline rates for living expenses, with the state's rates from 1 January 2024 (R32)

Revision ID: eb88f9012973
Revises: 9cfddff2a3f0
Create Date: 2026-11-23 04:44:41.852851

"""
from datetime import UTC, date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'eb88f9012973'
down_revision = '9cfddff2a3f0'
branch_labels = None
depends_on = None


def upgrade():
    rates = op.create_table('guideline_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('single_adult', sa.Integer(), nullable=False),
    sa.Column('couple', sa.Integer(), nullable=False),
    sa.Column('shared_housing', sa.Integer(), nullable=False),
    sa.Column('child_0_5', sa.Integer(), nullable=False),
    sa.Column('child_6_10', sa.Integer(), nullable=False),
    sa.Column('child_11_17', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('child_0_5 >= 0', name=op.f('ck_guideline_rates_child_0_5_not_negative')),
    sa.CheckConstraint('child_11_17 >= 0', name=op.f('ck_guideline_rates_child_11_17_not_negative')),
    sa.CheckConstraint('child_6_10 >= 0', name=op.f('ck_guideline_rates_child_6_10_not_negative')),
    sa.CheckConstraint('couple >= 0', name=op.f('ck_guideline_rates_couple_not_negative')),
    sa.CheckConstraint('shared_housing >= 0', name=op.f('ck_guideline_rates_shared_housing_not_negative')),
    sa.CheckConstraint('single_adult >= 0', name=op.f('ck_guideline_rates_single_adult_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_guideline_rates_created_by_id_users')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_guideline_rates_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guideline_rates')),
    sa.UniqueConstraint('municipality_id', 'valid_from', name=op.f('uq_guideline_rates_municipality_id_valid_from'))
    )
    with op.batch_alter_table('guideline_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guideline_rates_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index('uq_guideline_rates_state_valid_from', ['valid_from'], unique=True, sqlite_where=sa.text('municipality_id IS NULL'), postgresql_where=sa.text('municipality_id IS NULL'))
    # The state's rates per month from 1.1.2024, rundskriv A-3/2023 (R32).
    op.bulk_insert(rates, [{
        'municipality_id': None, 'valid_from': date(2024, 1, 1),
        'single_adult': 7850, 'couple': 13100, 'shared_housing': 6600,
        'child_0_5': 3850, 'child_6_10': 3950, 'child_11_17': 5150,
        'source': 'Rundskriv A-3/2023', 'created_at': datetime.now(UTC) if op.get_bind().dialect.name == 'postgresql' else datetime.now(UTC).replace(tzinfo=None), 'created_by_id': None,
    }])


def downgrade():
    with op.batch_alter_table('guideline_rates', schema=None) as batch_op:
        batch_op.drop_index('uq_guideline_rates_state_valid_from')
        batch_op.drop_index(batch_op.f('ix_guideline_rates_municipality_id'))

    op.drop_table('guideline_rates')
