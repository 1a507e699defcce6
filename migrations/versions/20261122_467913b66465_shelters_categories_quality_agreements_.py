"""shelters: categories, quality agreements, inspections, capacity reports

Revision ID: 467913b66465
Revises: 5fd9519a11c9
Create Date: 2026-11-22 14:54:48.287996

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '467913b66465'
down_revision = '5fd9519a11c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('place_categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('maximum', sa.Integer(), nullable=False),
    sa.Column('gender_policy', sa.String(length=10), nullable=False),
    sa.Column('children_allowed', sa.Boolean(), nullable=False),
    sa.Column('wheelchair_accessible', sa.Boolean(), nullable=False),
    sa.Column('pets_allowed', sa.Boolean(), nullable=False),
    sa.Column('substance_free', sa.Boolean(), nullable=False),
    sa.Column('minimum_age', sa.Integer(), nullable=False),
    sa.Column('staffed_24_7', sa.Boolean(), nullable=False),
    sa.CheckConstraint('maximum >= 0', name=op.f('ck_place_categories_maximum_not_negative')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_place_categories_shelter_id_shelters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place_categories')),
    sa.UniqueConstraint('shelter_id', 'code', name=op.f('uq_place_categories_shelter_id_code'))
    )
    with op.batch_alter_table('place_categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_place_categories_shelter_id'), ['shelter_id'], unique=False)

    op.create_table('quality_agreements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('shelter_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('linen_changed_weekly', sa.Boolean(), nullable=False),
    sa.Column('bathrooms_cleaned_daily', sa.Boolean(), nullable=False),
    sa.Column('daily_supervision', sa.Boolean(), nullable=False),
    sa.Column('kitchen_and_toilet_access', sa.Boolean(), nullable=False),
    sa.Column('suitable_for_families', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('valid_to >= valid_from', name=op.f('ck_quality_agreements_valid_period')),
    sa.ForeignKeyConstraint(['shelter_id'], ['shelters.id'], name=op.f('fk_quality_agreements_shelter_id_shelters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quality_agreements'))
    )
    with op.batch_alter_table('quality_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_agreements_shelter_id'), ['shelter_id'], unique=False)

    op.create_table('capacity_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('night', sa.Date(), nullable=False),
    sa.Column('offered', sa.Integer(), nullable=False),
    sa.Column('out_of_service', sa.Integer(), nullable=False),
    sa.Column('out_of_service_reason', sa.String(length=200), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.CheckConstraint('offered >= 0', name=op.f('ck_capacity_reports_offered_not_negative')),
    sa.CheckConstraint('out_of_service >= 0', name=op.f('ck_capacity_reports_out_of_service_not_negative')),
    sa.ForeignKeyConstraint(['category_id'], ['place_categories.id'], name=op.f('fk_capacity_reports_category_id_place_categories'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_capacity_reports_reported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity_reports'))
    )
    with op.batch_alter_table('capacity_reports', schema=None) as batch_op:
        batch_op.create_index('ix_capacity_reports_category_night', ['category_id', 'night', 'id'], unique=False)

    op.create_table('inspections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('inspector', sa.String(length=120), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['quality_agreements.id'], name=op.f('fk_inspections_agreement_id_quality_agreements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspections'))
    )
    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspections_agreement_id'), ['agreement_id'], unique=False)

    with op.batch_alter_table('shelters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provider_type', sa.String(length=20), nullable=False, server_default='shelter'))
        batch_op.add_column(sa.Column('address', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('postcode', sa.String(length=4), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('city', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('operator_phone', sa.String(length=20), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('price_per_night', sa.Numeric(precision=10, scale=2), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('protected', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.create_index(batch_op.f('ix_shelters_operator_phone'), ['operator_phone'], unique=False)



def downgrade():
    with op.batch_alter_table('shelters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shelters_operator_phone'))
        batch_op.drop_column('active')
        batch_op.drop_column('protected')
        batch_op.drop_column('price_per_night')
        batch_op.drop_column('operator_phone')
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('city')
        batch_op.drop_column('postcode')
        batch_op.drop_column('address')
        batch_op.drop_column('provider_type')

    with op.batch_alter_table('inspections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspections_agreement_id'))

    op.drop_table('inspections')
    with op.batch_alter_table('capacity_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_capacity_reports_category_night')

    op.drop_table('capacity_reports')
    with op.batch_alter_table('quality_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_agreements_shelter_id'))

    op.drop_table('quality_agreements')
    with op.batch_alter_table('place_categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_place_categories_shelter_id'))

    op.drop_table('place_categories')
